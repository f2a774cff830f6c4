import type { Db } from '../../db/connection.ts'
import type { AuditLog } from '../audit/index.ts'
import type { Actor } from '../../kernel/actor.ts'
import {
  clearSignInFailuresAsSystem,
  acceptTotpAsSystem,
  findSignInCandidateAsSystem,
  recordSignInFailureAsSystem,
  setTotpSecretAsSystem,
} from '../directory/index.ts'
import { verifyPassword } from '../directory/index.ts'
import { checkTotp, newTotpSecret } from './totp.ts'

export const LOCK_AFTER_FAILURES = 5
export const LOCK_MINUTES = 15

export type PasswordCheck =
  | { outcome: 'accepted'; actor: Actor; secondFactor: 'exempt' | 'enter_code' | 'enrol' }
  | { outcome: 'rejected' }
  | { outcome: 'locked'; until: Date }

/** Checks an email and password, counting failures towards a lockout; every attempt is audited. */
export async function checkPassword(
  db: Db,
  audit: AuditLog,
  attempt: { email: string; password: string; ip: string },
  now: Date,
): Promise<PasswordCheck> {
  const candidate = await findSignInCandidateAsSystem(db, attempt.email)
  const passwordOk = await verifyPassword(candidate?.passwordHash ?? null, attempt.password)
  if (!candidate) {
    await audit.record({
      partnershipId: null,
      action: 'signIn.password',
      outcome: 'failed',
      ip: attempt.ip,
      detail: { reason: 'unknown_user' },
      at: now,
    })
    return { outcome: 'rejected' }
  }
  const who = {
    partnershipId: candidate.actor.partnershipId,
    userId: candidate.actor.userId,
    agencyId: candidate.actor.agencyId,
    ip: attempt.ip,
    at: now,
  }
  if (candidate.lockedUntil && candidate.lockedUntil > now) {
    await audit.record({ ...who, action: 'signIn.password', outcome: 'denied', detail: { reason: 'locked' } })
    return { outcome: 'locked', until: candidate.lockedUntil }
  }
  if (!passwordOk || candidate.disabled) {
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000)
    const locked = await recordSignInFailureAsSystem(db, candidate.actor.userId, LOCK_AFTER_FAILURES, lockUntil, now)
    await audit.record({
      ...who,
      action: 'signIn.password',
      outcome: 'failed',
      detail: {
        reason: candidate.disabled ? 'disabled' : candidate.passwordHash === null ? 'not_activated' : 'wrong_password',
        locked,
      },
    })
    return locked ? { outcome: 'locked', until: lockUntil } : { outcome: 'rejected' }
  }
  const secondFactor = candidate.mfaExempt ? 'exempt' : candidate.totpEnrolled ? 'enter_code' : 'enrol'
  // Only a complete sign-in clears the failure count: a right password alone would let anyone who knows it
  // guess codes without end (checkSecondFactor clears it once the code is right too).
  if (secondFactor === 'exempt') await clearSignInFailuresAsSystem(db, candidate.actor.userId)
  await audit.record({ ...who, action: 'signIn.password', outcome: 'ok' })
  return { outcome: 'accepted', actor: candidate.actor, secondFactor }
}

/** Returns the secret the user is enrolling with, creating one the first time they see the page. */
export async function enrolmentSecret(db: Db, actor: Actor): Promise<string> {
  const candidate = await findSignInCandidateAsSystem(db, actor.email)
  if (candidate?.totpSecret && !candidate.totpEnrolled) return candidate.totpSecret
  const secret = newTotpSecret()
  await setTotpSecretAsSystem(db, actor.userId, secret)
  return secret
}

export type CodeCheck = { outcome: 'accepted' } | { outcome: 'rejected' } | { outcome: 'locked'; until: Date }

/** Checks a six-digit code from the user's authenticator; enrolment is confirmed by the first good code. */
export async function checkSecondFactor(
  db: Db,
  audit: AuditLog,
  actor: Actor,
  code: string,
  ip: string,
  now: Date,
): Promise<CodeCheck> {
  const candidate = await findSignInCandidateAsSystem(db, actor.email)
  const who = { partnershipId: actor.partnershipId, userId: actor.userId, agencyId: actor.agencyId, ip, at: now }
  if (!candidate?.totpSecret) return { outcome: 'rejected' }
  if (candidate.lockedUntil && candidate.lockedUntil > now) return { outcome: 'locked', until: candidate.lockedUntil }
  const step = await checkTotp(candidate.totpSecret, code, now, candidate.totpLastStep)
  if (step === null) {
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000)
    const locked = await recordSignInFailureAsSystem(db, actor.userId, LOCK_AFTER_FAILURES, lockUntil, now)
    await audit.record({ ...who, action: 'signIn.secondFactor', outcome: 'failed', detail: { locked } })
    return locked ? { outcome: 'locked', until: lockUntil } : { outcome: 'rejected' }
  }
  await acceptTotpAsSystem(db, actor.userId, step, now)
  await clearSignInFailuresAsSystem(db, actor.userId)
  await audit.record({
    ...who,
    action: candidate.totpEnrolled ? 'signIn.secondFactor' : 'signIn.authenticatorEnrolled',
    outcome: 'ok',
  })
  return { outcome: 'accepted' }
}
