import type { Actions } from '../../web/actions.ts'
import { REGISTER_READERS } from './roles.ts'

/**
 * Why the register is closed to everyone else: it names every person in the partnership known to present a risk
 * of sexual harm, and the children near them. Anyone worried about a person tells the front door.
 */
export const REGISTER_REFUSAL =
  'The register is for probation, the police and the front door. If you are worried about a person, ' +
  'tell the front door by raising a concern about the child.'

/**
 * Reading the register: an audited read, but written by the handler (not the hook), so its row carries the ids of
 * the people shown on the page and the filter asked, never a name.
 */
export const registerActions = {
  'register.read': { audience: 'signedIn', roles: REGISTER_READERS, refusal: REGISTER_REFUSAL },
} as const satisfies Actions
