import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { Conflict, Invalid } from '../../kernel/errors.ts'
import { appendAudit } from '../audit/index.ts'
import { DEFAULT_POLICY, isPolicyName, type Policy, type PolicyName } from './defaults.ts'

/** The caller's partnership's policy: its own settings over the defaults (row-level security picks the rows). */
export async function policyOf(db: Db): Promise<Policy> {
  return overDefaults(await db.selectFrom('partnershipPolicy').select(['name', 'value']).execute())
}

function overDefaults(rows: readonly { name: string; value: number }[]): Policy {
  const policy = Object.fromEntries(Object.entries(DEFAULT_POLICY).map(([name, d]) => [name, d.value])) as Record<
    PolicyName,
    number
  >
  for (const row of rows) if (isPolicyName(row.name)) policy[row.name] = row.value
  return policy
}

/**
 * One partnership's policy, named: for work that runs outside any request, as the system (the task sweep), where
 * row-level security does not pick the partnership.
 */
export async function policyOfPartnership(db: Db, partnershipId: string): Promise<Policy> {
  return overDefaults(
    await db
      .selectFrom('partnershipPolicy')
      .select(['name', 'value'])
      .where('partnershipId', '=', partnershipId)
      .execute(),
  )
}

/** One setting as the partnership has it: its value, the default, and who last changed it. */
export interface PolicySetting {
  name: PolicyName
  label: string
  value: number
  defaultValue: number
  unit: string
  max: number
  source: { text: string; reviewCode?: string }
  changedAt: Date | null
  changedBy: string | null
}

/** Every setting, in the order of the defaults, with the policy's version (the sum of its settings' changes). */
export async function policySettings(db: Db): Promise<{ version: number; settings: PolicySetting[] }> {
  const rows = await db
    .selectFrom('partnershipPolicy as p')
    .leftJoin('userDirectory as u', j =>
      j.onRef('u.partnershipId', '=', 'p.partnershipId').onRef('u.userId', '=', 'p.changedByUserId'),
    )
    .select(['p.name', 'p.value', 'p.changedAt', 'p.version', 'u.displayName'])
    .execute()
  const byName = new Map(rows.map(r => [r.name, r]))
  const settings = (Object.keys(DEFAULT_POLICY) as PolicyName[]).map(name => {
    const d = DEFAULT_POLICY[name]
    const row = byName.get(name)
    return {
      name,
      label: d.label,
      value: row?.value ?? d.value,
      defaultValue: d.value,
      unit: d.unit,
      max: d.max,
      source: d.source,
      changedAt: row?.changedAt ?? null,
      changedBy: row ? (row.displayName ?? 'the service') : null,
    }
  })
  return { version: rows.reduce((sum, r) => sum + r.version, 0), settings }
}

/** What a setting may be set to: a whole number from 1 to its maximum. The message names the setting. */
export function policyValueProblem(name: PolicyName, value: number): string | undefined {
  const { label, max, unit } = DEFAULT_POLICY[name]
  if (!Number.isInteger(value) || value < 1 || value > max)
    return `${label} must be a whole number of ${unit} from 1 to ${String(max)}`
  return undefined
}

export interface PolicyChange {
  actor: Actor
  ip: string
  now: Date
  /** The policy's version the changer read; a change since is a conflict. */
  version: number
  settings: Partial<Record<PolicyName, number>>
}

const CHANGED =
  'Someone else changed the partnership’s settings after you opened them. Nothing you entered was saved; check the settings, then try again'

/**
 * Changes some of the partnership's settings at once, or none: each checked, the version compared under a lock
 * (two managers cannot both change from one version), one audit row naming each change from and to.
 */
export async function changePolicy(db: Db, change: PolicyChange): Promise<{ version: number }> {
  const problems: Record<string, string> = {}
  for (const [name, value] of Object.entries(change.settings)) {
    if (!isPolicyName(name)) problems[name] = `There is no setting called ${name}`
    else {
      const problem = policyValueProblem(name, value)
      if (problem) problems[name] = problem
    }
  }
  if (Object.keys(problems).length) throw new Invalid(problems)
  const { actor, now } = change
  return db.transaction().execute(async trx => {
    await sql`select pg_advisory_xact_lock(hashtext(${`policy:${actor.partnershipId}`}))`.execute(trx)
    const current = await policySettings(trx)
    if (current.version !== change.version) throw new Conflict(CHANGED)
    const changes: { name: string; from: number; to: number }[] = []
    for (const setting of current.settings) {
      const to = change.settings[setting.name]
      if (to === undefined || to === setting.value) continue
      changes.push({ name: setting.name, from: setting.value, to })
      await trx
        .insertInto('partnershipPolicy')
        .values({
          partnershipId: actor.partnershipId,
          name: setting.name,
          value: to,
          changedAt: now,
          changedByUserId: actor.userId,
        })
        .onConflict(oc =>
          oc.columns(['partnershipId', 'name']).doUpdateSet(eb => ({
            value: to,
            changedAt: now,
            changedByUserId: actor.userId,
            version: eb('partnershipPolicy.version', '+', 1),
          })),
        )
        .execute()
    }
    if (changes.length)
      await appendAudit(trx, {
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        agencyId: actor.agencyId,
        action: 'partnership.changePolicy',
        objectType: 'policy',
        objectId: null,
        ip: change.ip,
        detail: { changes },
        at: now,
      })
    return { version: current.version + changes.length }
  })
}

/** Sets one of the partnership's settings, remembering who changed it and when (the seed and tests use it). */
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
      oc.columns(['partnershipId', 'name']).doUpdateSet(eb => ({
        value: change.value,
        changedAt: change.now,
        changedByUserId: change.userId,
        version: eb('partnershipPolicy.version', '+', 1),
      })),
    )
    .execute()
}
