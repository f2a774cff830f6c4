import type { Actions } from '../../web/actions.ts'
import { discussionActions } from './discussion-actions.ts'
import { personRiskActions } from './person-actions.ts'
import { promptActions } from './prompt-actions.ts'
import { registerActions } from './register-actions.ts'
import { sharingActions } from './sharing-actions.ts'

/** The register's actions: what is known about a person, the register, risk discussions and sharing decisions. */
export const riskActions = {
  ...personRiskActions,
  ...registerActions,
  ...discussionActions,
  ...sharingActions,
  ...promptActions,
} as const satisfies Actions
