import type { Db } from '../../db/connection.ts'
import { DEFAULT_POLICY, type Policy, type PolicyName } from './defaults.ts'

const isPolicyName = (name: string): name is PolicyName => Object.hasOwn(DEFAULT_POLICY, name)

/** The caller's partnership's policy: its own settings over the defaults (row-level security picks the rows). */
export async function policyOf(db: Db): Promise<Policy> {
  const rows = await db.selectFrom('partnershipPolicy').select(['name', 'value']).execute()
  const policy = Object.fromEntries(Object.entries(DEFAULT_POLICY).map(([name, d]) => [name, d.value])) as Record<
    PolicyName,
    number
  >
  for (const row of rows) if (isPolicyName(row.name)) policy[row.name] = row.value
  return policy
}

/** Sets one of the partnership's settings, remembering who changed it and when. */
export async function setPolicy(
  db: Db,
  change: { partnershipId: string; name: PolicyName; value: number; userId: string | null; now: Date },
): Promise<void> {
  await db
    .insertInto('partnershipPolicy')
    .values({
      partnershipId: change.partnershipId,
      name: change.name,
      value: change.value,
      changedAt: change.now,
      changedByUserId: change.userId,
    })
    .onConflict(oc =>
      oc.columns(['partnershipId', 'name']).doUpdateSet({
        value: change.value,
        changedAt: change.now,
        changedByUserId: change.userId,
      }),
    )
    .execute()
}
