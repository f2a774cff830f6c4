import type { Actions } from '../../web/actions.ts'

export const personRiskActions = {} as const satisfies Actions
