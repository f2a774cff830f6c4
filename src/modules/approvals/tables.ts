export const tables = ['approvals'] as const
