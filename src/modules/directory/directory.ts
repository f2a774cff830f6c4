import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import { asSystem } from '../../db/context.ts'
import { Invalid, NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import type { Actor } from '../../kernel/actor.ts'
import { PRACTITIONERS, type AccountChangeKind, type AgencyKind, type Role } from '../../kernel/roles.ts'
import { ACTOR_COLUMNS, toActor } from './actor.ts'
import { withdrawInvitations } from './invitations.ts'
import { hashPassword } from './password.ts'

// The directory of partnerships, agencies and users. Functions without a `system` in their name run in the
// caller's partnership context, so row-level security keeps them to that partnership.

export interface NewUser {
  partnershipId: string
  agencyId: string
  email: string
  displayName: string
  /** Only the demo seeder sets one; everyone else sets their own through an invitation. */
  password?: string
  roles: Role[]
  csaClinicalExperience?: boolean
  mfaExempt?: boolean
}

export async function createPartnershipAsSystem(db: Db, name: string, code: string): Promise<string> {
  return asSystem(async () => {
    const row = await db
      .insertInto('partnerships')
      .values({ name, code })
      .returning('partnershipId')
      .executeTakeFirstOrThrow()
    return row.partnershipId
  })
}

export async function findPartnershipAsSystem(
  db: Db,
  name: string,
): Promise<{ partnershipId: string; name: string; code: string } | undefined> {
  return asSystem(() =>
    db.selectFrom('partnerships').select(['partnershipId', 'name', 'code']).where('name', '=', name).executeTakeFirst(),
  )
}

/** A partnership's short code, which case references start with. */
export async function partnershipCode(db: Db, partnershipId: string): Promise<string> {
  const { code } = await db
    .selectFrom('partnerships')
    .select('code')
    .where('partnershipId', '=', partnershipId)
    .executeTakeFirstOrThrow()
  return code
}

export async function addAgency(db: Db, partnershipId: string, name: string, kind: AgencyKind): Promise<string> {
  const existing = await db.selectFrom('agencies').select('id').where('name', '=', name).executeTakeFirst()
  if (existing) throw new Invalid({ name: 'An agency with this name already exists' })
  const row = await db
    .insertInto('agencies')
    .values({ partnershipId, name, kind })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export function listAgencies(db: Db) {
  return db.selectFrom('agencies').select(['id', 'name', 'kind']).orderBy('name').execute()
}

/** Roles that reach children's records or audit them, which an administrator must not also hold. */
export const KEPT_FROM_ADMINISTRATORS: readonly Role[] = [...PRACTITIONERS, 'auditor']
export const SEPARATION_OF_DUTIES_MESSAGE =
  'A system administrator cannot also have a practitioner or auditor role: give the person a separate account for each'

/**
 * Separation of duties: whoever runs the system must not be able to give themselves a way into children's
 * records, or audit themselves. The database enforces the same rule (users_administrator_apart).
 */
export function checkSeparationOfDuties(roles: readonly string[]): void {
  if (roles.includes('administrator') && roles.some(r => (KEPT_FROM_ADMINISTRATORS as readonly string[]).includes(r)))
    throw new Invalid({ roles: SEPARATION_OF_DUTIES_MESSAGE })
}

export async function addUser(db: Db, user: NewUser): Promise<string> {
  const email = user.email.trim().toLowerCase()
  checkSeparationOfDuties(user.roles)
  const agency = await db.selectFrom('agencies').select('id').where('id', '=', user.agencyId).executeTakeFirst()
  if (!agency) throw new Invalid({ agencyId: 'Select an agency' })
  // Emails are unique across partnerships, which row-level security hides, so the unique index decides.
  const row = await db
    .insertInto('users')
    .values({
      partnershipId: user.partnershipId,
      agencyId: user.agencyId,
      email,
      displayName: user.displayName.trim(),
      passwordHash: user.password === undefined ? null : await hashPassword(user.password),
      roles: user.roles,
      csaClinicalExperience: user.csaClinicalExperience ?? false,
      mfaExempt: user.mfaExempt ?? false,
      totpSecret: null,
      totpEnrolledAt: null,
      totpLastStep: null,
      lockedUntil: null,
      disabledAt: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
    .catch((error: unknown) => {
      if (isUniqueViolation(error, 'users_email'))
        throw new Invalid({ email: 'A user with this email address already exists' })
      if (isCheckViolation(error, 'users_administrator_apart'))
        throw new Invalid({ roles: SEPARATION_OF_DUTIES_MESSAGE })
      throw error
    })
  return row.id
}

function isCheckViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23514' && (e.constraint === constraint || (e.message ?? '').includes(constraint))
}

/** Shows the partnership manager an account created, or given more roles. */
export async function recordAccountChange(
  db: Db,
  change: {
    partnershipId: string
    userId: string
    kind: AccountChangeKind
    roles: readonly string[]
    byUserId: string | null
    at: Date
  },
): Promise<void> {
  await db
    .insertInto('accountChanges')
    .values({ ...change, roles: [...change.roles] })
    .execute()
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string }
  return e.code === '23505' && (e.constraint === constraint || (e.message ?? '').includes(constraint))
}

export function listUsers(db: Db) {
  return db
    .selectFrom('users as u')
    .innerJoin('agencies as a', j =>
      j.onRef('a.partnershipId', '=', 'u.partnershipId').onRef('a.id', '=', 'u.agencyId'),
    )
    .select([
      'u.id',
      'u.email',
      'u.displayName',
      'u.roles',
      'a.name as agencyName',
      'u.totpEnrolledAt',
      'u.mfaExempt',
      'u.lockedUntil',
      'u.disabledAt',
    ])
    .select(sql<boolean>`u.password_hash is not null`.as('activated'))
    .orderBy('u.displayName')
    .execute()
}

export interface SignInCandidate {
  actor: Actor
  passwordHash: string | null
  totpSecret: string | null
  totpEnrolled: boolean
  totpLastStep: number | null
  mfaExempt: boolean
  failedSignIns: number
  lockedUntil: Date | null
  disabled: boolean
}

export async function findSignInCandidateAsSystem(db: Db, email: string): Promise<SignInCandidate | null> {
  const row = await asSystem(() =>
    db
      .selectFrom('users as u')
      .innerJoin('userDirectory as d', j =>
        j.onRef('d.partnershipId', '=', 'u.partnershipId').onRef('d.userId', '=', 'u.id'),
      )
      .select(ACTOR_COLUMNS)
      .select([
        'u.passwordHash',
        'u.totpSecret',
        'u.totpEnrolledAt',
        'u.totpLastStep',
        'u.mfaExempt',
        'u.failedSignIns',
        'u.lockedUntil',
        'u.disabledAt',
      ])
      .where('u.email', '=', email.trim().toLowerCase())
      .executeTakeFirst(),
  )
  if (!row) return null
  return {
    actor: toActor(row),
    passwordHash: row.passwordHash,
    totpSecret: row.totpSecret,
    totpEnrolled: row.totpEnrolledAt !== null,
    totpLastStep: row.totpLastStep,
    mfaExempt: row.mfaExempt,
    failedSignIns: row.failedSignIns,
    lockedUntil: row.lockedUntil ? new Date(row.lockedUntil) : null,
    disabled: row.disabledAt !== null,
  }
}

/**
 * Counts one failed password or code, locking the account at `lockAfter`. A lock that has ended starts the
 * count again from nothing, so a stranger cannot keep an account locked with one guess per lock period.
 */
export async function recordSignInFailureAsSystem(
  db: Db,
  userId: string,
  lockAfter: number,
  lockUntil: Date,
  now: Date,
): Promise<boolean> {
  return asSystem(async () => {
    const count = sql<number>`(case when locked_until is not null and locked_until <= ${now}::timestamptz then 0 else failed_sign_ins end) + 1`
    const row = await db
      .updateTable('users')
      .set({
        failedSignIns: count,
        lockedUntil: sql<Date | null>`case when ${count} >= ${lockAfter} then ${lockUntil}::timestamptz
          when locked_until <= ${now}::timestamptz then null else locked_until end`,
      })
      .where('id', '=', userId)
      .returning('lockedUntil')
      .executeTakeFirstOrThrow()
    return row.lockedUntil !== null && new Date(row.lockedUntil) >= lockUntil
  })
}

export async function clearSignInFailuresAsSystem(db: Db, userId: string): Promise<void> {
  await asSystem(() =>
    db.updateTable('users').set({ failedSignIns: 0, lockedUntil: null }).where('id', '=', userId).execute(),
  )
}

export async function setTotpSecretAsSystem(db: Db, userId: string, secret: string): Promise<void> {
  await asSystem(() =>
    db
      .updateTable('users')
      .set({ totpSecret: secret, totpEnrolledAt: null })
      .where('id', '=', userId)
      .where('totpEnrolledAt', 'is', null)
      .execute(),
  )
}

/** Records a code as used (and, the first time, the authenticator as set up). */
export async function acceptTotpAsSystem(db: Db, userId: string, step: number, now: Date): Promise<void> {
  await asSystem(() =>
    db
      .updateTable('users')
      .set(eb => ({ totpLastStep: step, totpEnrolledAt: eb.fn.coalesce('totpEnrolledAt', eb.val(now)) }))
      .where('id', '=', userId)
      .execute(),
  )
}

/** The stored password hash of a user, for checking their current password; null when there is no such user. */
export async function passwordHashOfAsSystem(db: Db, userId: string): Promise<string | null> {
  const row = await asSystem(() =>
    db.selectFrom('users').select('passwordHash').where('id', '=', userId).executeTakeFirst(),
  )
  return row?.passwordHash ?? null
}

export async function setPasswordHash(trx: Db, userId: string, passwordHash: string): Promise<void> {
  await trx.updateTable('users').set({ passwordHash }).where('id', '=', userId).execute()
}

/**
 * Marks a user disabled inside the caller's transaction (locking the row, so two disables agree), and withdraws
 * their invitations. Returns false when there is no such user. Ending their sessions and tokens is auth's part.
 */
export async function disableUser(trx: Db, userId: string, now: Date): Promise<boolean> {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'disabledAt'])
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirst()
  if (!user) return false
  if (!user.disabledAt) await trx.updateTable('users').set({ disabledAt: now }).where('id', '=', userId).execute()
  await withdrawInvitations(trx, userId, now)
  return true
}

/** A user by the email they sign in with, in any partnership (for the command line). */
export function findUserByEmailAsSystem(db: Db, email: string) {
  return asSystem(() =>
    db
      .selectFrom('users')
      .select(['id', 'partnershipId', 'disabledAt'])
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst(),
  )
}

export async function findUser(db: Db, userId: string) {
  if (!isUuid(userId)) throw new NotFound('user')
  const user = await db
    .selectFrom('users')
    .select(['id', 'displayName', 'email', 'disabledAt'])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!user) throw new NotFound('user')
  return user
}

/** Accounts created or given more roles, newest first, with who did it (null: an operator at the server). */
export function listAccountChanges(db: Db) {
  return db
    .selectFrom('accountChanges as c')
    .innerJoin('users as u', j => j.onRef('u.partnershipId', '=', 'c.partnershipId').onRef('u.id', '=', 'c.userId'))
    .innerJoin('agencies as a', j =>
      j.onRef('a.partnershipId', '=', 'u.partnershipId').onRef('a.id', '=', 'u.agencyId'),
    )
    .leftJoin('users as b', j => j.onRef('b.partnershipId', '=', 'c.partnershipId').onRef('b.id', '=', 'c.byUserId'))
    .select([
      'c.id',
      'c.kind',
      'c.roles',
      'c.at',
      'u.id as userId',
      'u.displayName',
      'u.email',
      'a.name as agencyName',
      'b.id as byUserId',
      'b.displayName as byDisplayName',
      'b.email as byEmail',
    ])
    .orderBy('c.at', 'desc')
    .orderBy('c.id')
    .execute()
}

/** A partnership's users with their agencies, by email: the authors a synthetic partnership's records need. */
export function staffOf(db: Db) {
  return db.selectFrom('users').select(['id', 'agencyId']).orderBy('email').execute()
}
