export const tables = ['sessions', 'apiTokens'] as const
