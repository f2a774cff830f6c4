export const tables = ['notifications'] as const
