import type { Db } from '../../db/connection.ts'
import type { AgencyKind } from '../../db/types.ts'
import type { Role } from '../access/roles.ts'
import { appendAudit } from '../audit/index.ts'
import { addAgency, addUser, type Actor } from '../auth/index.ts'

// Administrators manage the directory; each change commits together with its audit row.

export async function addUserAsAdministrator(
  db: Db,
  admin: Actor,
  input: { displayName: string; email: string; agencyId: string; roles: Role[]; csaClinicalExperience: boolean; password: string },
  ip: string,
  now: Date,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const id = await addUser(trx, { ...input, partnershipId: admin.partnershipId })
    await appendAudit(trx, {
      partnershipId: admin.partnershipId, userId: admin.userId, agencyId: admin.agencyId, action: 'admin.users.add',
      objectType: 'user', objectId: id, ip, detail: { roles: input.roles }, at: now,
    })
    return id
  })
}

export async function addAgencyAsAdministrator(db: Db, admin: Actor, input: { name: string; kind: AgencyKind }, ip: string, now: Date): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const id = await addAgency(trx, admin.partnershipId, input.name, input.kind)
    await appendAudit(trx, {
      partnershipId: admin.partnershipId, userId: admin.userId, agencyId: admin.agencyId, action: 'admin.agencies.add',
      objectType: 'agency', objectId: id, ip, detail: { kind: input.kind }, at: now,
    })
    return id
  })
}
