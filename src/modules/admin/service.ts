import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../../kernel/config.ts'
import type { Db } from '../../db/connection.ts'
import { Invalid, NotFound } from '../../kernel/errors.ts'
import { isUuid } from '../../kernel/ids.ts'
import type { AgencyKind, Role } from '../../kernel/roles.ts'
import { appendAudit, type AuditLog } from '../audit/index.ts'
import {
  addAgency,
  addUser,
  canEmail,
  INVITATION_HOURS,
  emailInvitation,
  invitationLink,
  issueInvitation,
  recordAccountChange,
} from '../directory/index.ts'
import { disableAccount } from '../auth/index.ts'
import type { Actor } from '../../kernel/actor.ts'

// Administrators manage the directory; each change commits together with its audit row.

/**
 * Adds an account with no password: the person activates it through an invitation that goes to them, not to
 * the administrator (who could otherwise set its password and enrol its authenticator themselves). The
 * partnership manager is shown every account added.
 */
export async function addUserAsAdministrator(
  db: Db,
  admin: Actor,
  input: { displayName: string; email: string; agencyId: string; roles: Role[]; csaClinicalExperience: boolean },
  ip: string,
  now: Date,
): Promise<string> {
  return db.transaction().execute(async trx => {
    const id = await addUser(trx, { ...input, partnershipId: admin.partnershipId })
    await recordAccountChange(trx, {
      partnershipId: admin.partnershipId,
      userId: id,
      kind: 'created',
      roles: input.roles,
      byUserId: admin.userId,
      at: now,
    })
    await appendAudit(trx, {
      partnershipId: admin.partnershipId,
      userId: admin.userId,
      agencyId: admin.agencyId,
      action: 'admin.users.add',
      objectType: 'user',
      objectId: id,
      ip,
      detail: { roles: input.roles },
      at: now,
    })
    return id
  })
}

export interface InvitationDelivery {
  emailed: boolean
  expiresAt: Date | null
  /** What the administrator is told; never the link. */
  note: string
}

/**
 * Emails a new account's invitation when email is configured. Otherwise no invitation is made here: an
 * operator at the server prints one with `lantern user invite`, so the link never passes the administrator.
 */
export async function deliverInvitation(
  services: { db: Db; audit: AuditLog; config: Config },
  admin: Actor,
  user: { id: string; email: string; displayName: string },
  ip: string,
  now: Date,
  log: FastifyBaseLogger,
): Promise<InvitationDelivery> {
  const notSent = (why: string): InvitationDelivery => ({
    emailed: false,
    expiresAt: null,
    note: `${why} Ask someone who runs the Lantern server to send one with: lantern user invite --email ${user.email}`,
  })
  if (!canEmail(services.config)) return notSent('The invitation was not sent: email is not set up on this server.')
  const invitation = await issueInvitation(services.db, { partnershipId: admin.partnershipId, userId: user.id }, now)
  const who = {
    partnershipId: admin.partnershipId,
    userId: admin.userId,
    agencyId: admin.agencyId,
    action: 'invitation.issue',
    objectType: 'user',
    objectId: user.id,
    ip,
    at: now,
  }
  try {
    await emailInvitation(
      services.config,
      user,
      invitationLink(services.config, invitation.token),
      invitation.expiresAt,
    )
  } catch (error) {
    // The error names the SMTP problem; it is logged without the address or the link.
    log.warn({ err: { message: (error as Error).message } }, 'invitation email failed')
    await services.audit.record({ ...who, outcome: 'failed', detail: { via: 'email' } })
    return notSent('The invitation email could not be sent.')
  }
  await services.audit.record({ ...who, detail: { via: 'email' } })
  return {
    emailed: true,
    expiresAt: invitation.expiresAt,
    note: `An invitation was emailed to ${user.email}. It works once, for ${String(INVITATION_HOURS)} hours.`,
  }
}

/** Disables an account: its sessions and tokens stop working at once. Nobody disables their own. */
export async function disableUserAsAdministrator(
  db: Db,
  admin: Actor,
  userId: string,
  ip: string,
  now: Date,
): Promise<void> {
  if (!isUuid(userId)) throw new NotFound('user')
  if (userId === admin.userId)
    throw new Invalid({ id: 'You cannot disable your own account: ask another administrator' })
  await db.transaction().execute(async trx => {
    if (!(await disableAccount(trx, userId, now))) throw new NotFound('user')
    await appendAudit(trx, {
      partnershipId: admin.partnershipId,
      userId: admin.userId,
      agencyId: admin.agencyId,
      action: 'admin.users.disable',
      objectType: 'user',
      objectId: userId,
      ip,
      at: now,
    })
  })
}

export async function addAgencyAsAdministrator(
  db: Db,
  admin: Actor,
  input: { name: string; kind: AgencyKind },
  ip: string,
  now: Date,
): Promise<string> {
  return db.transaction().execute(async trx => {
    const id = await addAgency(trx, admin.partnershipId, input.name, input.kind)
    await appendAudit(trx, {
      partnershipId: admin.partnershipId,
      userId: admin.userId,
      agencyId: admin.agencyId,
      action: 'admin.agencies.add',
      objectType: 'agency',
      objectId: id,
      ip,
      detail: { kind: input.kind },
      at: now,
    })
    return id
  })
}
