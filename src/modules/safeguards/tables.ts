/** The safeguards own the tasks their findings open (migration 0027); findings are worked out, never stored. */
export const tables = ['tasks'] as const
