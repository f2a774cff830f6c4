import type { AgencyKind } from './roles.ts'
import type { Role } from './roles.ts'

/**
 * The signed-in person every request acts as. It lives in the kernel because every layer needs to know who is
 * asking (the web layer's forms and error pages included); the directory builds it and auth decides it.
 */
export interface Actor {
  userId: string
  partnershipId: string
  partnershipName: string
  agencyId: string
  agencyName: string
  agencyKind: AgencyKind
  email: string
  displayName: string
  roles: Role[]
  csaClinicalExperience: boolean
}

/** Who is asking: nobody known, someone between password and second factor, or a signed-in user. */
export type Subject =
  | { kind: 'anonymous' }
  | { kind: 'pending'; actor: Actor; authenticatorSetUp: boolean }
  | { kind: 'signedIn'; actor: Actor }
