import type { Actions } from '../../web/actions.ts'

export const homeActions = {
  'home.view': { audience: 'signedIn' },
} as const satisfies Actions
