export const tables = ['partnerships', 'agencies', 'users', 'invitations', 'accountChanges'] as const
/** Read-only views other modules may join (row-level security applies through them, security_invoker). */
export const views = ['userDirectory', 'userNames', 'agencyDirectory'] as const
