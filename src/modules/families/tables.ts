export const tables = ['familyUpdates', 'familyUpdatePeople', 'familyUpdateTopics', 'letters'] as const
