import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

export const homeActions = {
  // Each role's work: the lists it shows are narrowed to what the actor may open, and audited by the handler.
  'home.view': { audience: 'signedIn' },
  'home.cases': { audience: 'signedIn', roles: PRACTITIONERS },
} as const satisfies Actions
