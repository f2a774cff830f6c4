import type { Actions } from '../../web/actions.ts'

export const registerActions = {} as const satisfies Actions
