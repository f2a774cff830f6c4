import { ADMINISTRATORS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

/** Running the directory: users and agencies, and the partnership manager's view of account changes. */
export const adminActions = {
  'agencies.list': { audience: 'signedIn' },
  'admin.users.list': { audience: 'signedIn', roles: ADMINISTRATORS, auditRead: { objectType: 'users' } },
  'admin.users.add': { audience: 'signedIn', roles: ADMINISTRATORS },
  'admin.agencies.list': { audience: 'signedIn', roles: ADMINISTRATORS },
  'admin.agencies.add': { audience: 'signedIn', roles: ADMINISTRATORS },
  'admin.users.disable': { audience: 'signedIn', roles: ADMINISTRATORS },
  // New and elevated accounts, shown to the partnership manager (separation of duties: someone other than the administrator sees them).
  'accountChanges.list': {
    audience: 'signedIn',
    roles: ['partnership_manager'],
    auditRead: { objectType: 'accountChanges' },
  },
} as const satisfies Actions
