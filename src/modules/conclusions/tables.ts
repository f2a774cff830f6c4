export const tables = ['conclusionDiscussions', 'conclusionDiscussionChildren', 'conclusionAttendees'] as const
