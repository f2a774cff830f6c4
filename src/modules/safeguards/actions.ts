import type { Actions } from '../../web/actions.ts'

/** The review behind the safeguards holds nobody's data: anyone signed in may read it, from a finding's link. */
export const safeguardsActions = {
  'review.read': { audience: 'signedIn' },
  'review.list': { audience: 'signedIn' },
} as const satisfies Actions
