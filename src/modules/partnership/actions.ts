import type { Actions } from '../../web/actions.ts'

/**
 * The partnership's lists: counts by agency and by decision, never a child, so no need to know is asked and no
 * read of a child's data is audited. The partnership manager and the auditor hold them.
 */
export const partnershipActions = {
  'partnership.lists': { audience: 'signedIn', roles: ['partnership_manager', 'auditor'] },
  'partnership.listsCsv': { audience: 'signedIn', roles: ['partnership_manager', 'auditor'] },
  // The settings every deadline reads: the auditor may read them, only the partnership manager change them.
  'partnership.policy': { audience: 'signedIn', roles: ['partnership_manager', 'auditor'] },
  'partnership.changePolicy': { audience: 'signedIn', roles: ['partnership_manager'] },
} as const satisfies Actions
