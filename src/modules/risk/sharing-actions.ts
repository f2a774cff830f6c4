import type { Actions } from '../../web/actions.ts'

export const sharingActions = {} as const satisfies Actions
