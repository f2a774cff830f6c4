export const tables = ['auditLog', 'auditChain'] as const
