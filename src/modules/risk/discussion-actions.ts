import type { Actions } from '../../web/actions.ts'

export const discussionActions = {} as const satisfies Actions
