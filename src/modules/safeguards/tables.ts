/** The safeguards' own tables (findings and tasks) come with the engine; the review is code, not data. */
export const tables = [] as const
