import { parseArgs } from 'node:util'
import { loadConfig, type Config } from '../kernel/config.ts'
import { asPartnership } from '../db/context.ts'
import { migrate } from '../db/migrate.ts'
import { isRole, ROLE_NAMES } from '../kernel/roles.ts'
import { seedDemo } from '../seed/demo.ts'
import { seedSynthetic } from '../seed/synthetic.ts'
import { appendAudit, createAuditLog, verifyAuditLog } from '../modules/audit/index.ts'
import { Invalid } from '../kernel/errors.ts'
import {
  addUser,
  checkSeparationOfDuties,
  findPartnershipAsSystem,
  INVITATION_HOURS,
  invitationLink,
  issueInvitation,
  listAgencies,
  recordAccountChange,
  findUserByEmailAsSystem,
} from '../modules/directory/index.ts'
import { createApiToken, disableAccount, revokeApiToken } from '../modules/auth/index.ts'
import { sweepTasks } from '../modules/safeguards/index.ts'
import { openConfiguredDatabase, serve } from '../server.ts'

const HELP: Record<string, string> = {
  '': `Usage: lantern <command> [options]

Commands:
  serve            start the service (migrates first; --demo also seeds the demo partnerships)
  migrate          apply database migrations
  seed --demo      create the demo partnerships Northshire and Southvale (--synthetic N: N invented families)
  user add         add a user and print their invitation link
  user invite      print a fresh invitation link for a user
  user disable     disable a user's account
  token create     print a long-lived API token for a user
  token revoke     revoke an API token
  audit verify     check the audit log's hash chains
  safeguards sweep raise overdue tasks to their owners, and to their managers after the grace

Each command takes --help. The database is DATABASE_URL, or embedded PostgreSQL in LANTERN_DATA_DIR (./data).`,
  serve: `Usage: lantern serve [--demo]

Starts Lantern on PORT (3000). Applies migrations first. --demo seeds the demo partnerships
(demo users sign in without a second factor, so never use --demo for real data).`,
  migrate: 'Usage: lantern migrate\n\nApplies every migration not yet applied, in order.',
  seed: `Usage: lantern seed --demo [--synthetic N]

--demo creates the demo partnerships of API.md (existing partnerships are left alone).
--synthetic N adds N invented children to Northshire, each with a family, a case and 10 chronology events:
one case in 25 open, 60 to each invented social worker (sw@csc.example among them), the rest closed. For trying
the service at scale and for benchmarks.`,
  'user add': `Usage: lantern user add --partnership NAME --agency NAME --email E --name "Full Name" --roles r1,r2 [--csa-clinical-experience]

Adds a user with no password and prints their invitation link (it works once, for ${String(INVITATION_HOURS)} hours). Give it
to them, not to anyone else: with it they set their own password, then set up an authenticator app. A system
administrator cannot also hold practitioner or auditor roles. Roles: ${ROLE_NAMES.join(', ')}.`,
  'user invite': `Usage: lantern user invite --email E

Prints a fresh invitation link for the user (their earlier links stop working), for when email is not set up
or the invitation expired. Give it to the person only.`,
  'user disable': `Usage: lantern user disable --email E

Disables the account: its sessions and API tokens stop working at once and it cannot sign in.`,
  'token create': `Usage: lantern token create --email E [--label TEXT] [--days N]

Prints a long-lived API token acting as the user with that email (no expiry unless --days).
Only its hash is stored: copy it now.`,
  'token revoke':
    'Usage: lantern token revoke --id TOKEN_ID\n\nRevokes an API token by its id (printed by token create).',
  'audit verify':
    'Usage: lantern audit verify\n\nRecomputes every hash chain. Exits 0 when all are intact, 3 when any row was changed, removed or reordered.',
  'safeguards sweep': `Usage: lantern safeguards sweep

Raises every task past its due time to its owner (once), and tells the owner's managers when it is still
overdue after the partnership's grace. The service sweeps every minute by itself; this runs one sweep now, and
is safe beside running services.`,
}

class UsageError extends Error {}

function need(values: Record<string, unknown>, name: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`)
  return value.trim()
}

async function withDatabase<T>(
  config: Config,
  fn: (db: Awaited<ReturnType<typeof openConfiguredDatabase>>['db']) => Promise<T>,
): Promise<T> {
  const handle = await openConfiguredDatabase(config)
  try {
    await migrate(handle.db)
    return await fn(handle.db)
  } finally {
    await handle.close()
  }
}

/** Issues a fresh invitation (audited) and returns its link, for an operator at the server to pass on. */
async function invite(
  db: Awaited<ReturnType<typeof openConfiguredDatabase>>['db'],
  partnershipId: string,
  userId: string,
  now: Date,
): Promise<string> {
  const config = loadConfig()
  const invitation = await asPartnership(partnershipId, () => issueInvitation(db, { partnershipId, userId }, now))
  await createAuditLog(db).record({
    partnershipId,
    action: 'invitation.issue',
    objectType: 'user',
    objectId: userId,
    detail: { via: 'command line' },
    at: now,
  })
  return invitationLink(config, invitation.token)
}

async function run(argv: string[]): Promise<number> {
  const twoWord = ['user', 'token', 'audit', 'safeguards'].includes(argv[0] ?? '')
  const named = argv[0] !== undefined && !argv[0].startsWith('-')
  const command = twoWord ? `${argv[0] ?? ''} ${argv[1] ?? ''}`.trim() : named ? (argv[0] ?? '') : ''
  const rest = argv.slice(twoWord ? 2 : named ? 1 : 0)
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      demo: { type: 'boolean' },
      synthetic: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      partnership: { type: 'string' },
      agency: { type: 'string' },
      roles: { type: 'string' },
      'csa-clinical-experience': { type: 'boolean' },
      label: { type: 'string' },
      days: { type: 'string' },
      id: { type: 'string' },
    },
  })
  if (values.help || command === '' || command === 'help') {
    console.log(HELP[command === 'help' ? '' : command] ?? HELP[''])
    return command === '' && !values.help ? 2 : 0
  }
  if (!(command in HELP)) throw new UsageError(`Unknown command "${command}"`)
  const config = loadConfig()

  switch (command) {
    case 'serve':
      await serve(config, { demo: values.demo ?? false })
      return -1
    case 'migrate': {
      const handle = await openConfiguredDatabase(config)
      const applied = await migrate(handle.db).finally(() => handle.close())
      console.log(applied.length ? `Applied ${applied.length} migrations.` : 'The database is up to date.')
      return 0
    }
    case 'seed': {
      const synthetic = values.synthetic === undefined ? null : Number(values.synthetic)
      if (synthetic !== null && !(Number.isInteger(synthetic) && synthetic > 0))
        throw new UsageError('--synthetic must be a whole number of children')
      if (!values.demo && synthetic === null)
        throw new UsageError('Say what to seed: lantern seed --demo [--synthetic N]')
      await withDatabase(config, async db => {
        if (values.demo) {
          const result = await seedDemo(db)
          console.log(
            `Created: ${result.created.join(', ') || 'nothing'}. Already there: ${result.skipped.join(', ') || 'nothing'}.`,
          )
        }
        if (synthetic !== null) {
          const made = await seedSynthetic(db, synthetic)
          console.log(
            `Added ${String(made.people)} people, ${String(made.cases)} cases and ${String(made.events)} chronology events, all invented.`,
          )
        }
      })
      return 0
    }
    case 'user add': {
      const roles = need(values, 'roles')
        .split(',')
        .map(r => r.trim())
      const unknown = roles.filter(r => !isRole(r))
      if (unknown.length) throw new UsageError(`Unknown roles: ${unknown.join(', ')}. Roles: ${ROLE_NAMES.join(', ')}`)
      try {
        checkSeparationOfDuties(roles)
      } catch (error) {
        if (error instanceof Invalid) throw new UsageError(`--roles: ${error.message}`)
        throw error
      }
      const link = await withDatabase(config, async db => {
        const partnership = await findPartnershipAsSystem(db, need(values, 'partnership'))
        if (!partnership) throw new UsageError(`No partnership called "${values.partnership ?? ''}"`)
        const now = new Date()
        const userId = await asPartnership(partnership.partnershipId, async () => {
          const agency = (await listAgencies(db)).find(a => a.name === need(values, 'agency'))
          if (!agency) throw new UsageError(`No agency called "${values.agency ?? ''}" in ${partnership.name}`)
          return db.transaction().execute(async trx => {
            const id = await addUser(trx, {
              partnershipId: partnership.partnershipId,
              agencyId: agency.id,
              email: need(values, 'email'),
              displayName: need(values, 'name'),
              roles: roles.filter(isRole),
              csaClinicalExperience: values['csa-clinical-experience'] ?? false,
            })
            await recordAccountChange(trx, {
              partnershipId: partnership.partnershipId,
              userId: id,
              kind: 'created',
              roles,
              byUserId: null,
              at: now,
            })
            await appendAudit(trx, {
              partnershipId: partnership.partnershipId,
              action: 'admin.users.add',
              objectType: 'user',
              objectId: id,
              detail: { roles, via: 'command line' },
              at: now,
            })
            return id
          })
        })
        return invite(db, partnership.partnershipId, userId, now)
      })
      console.log(
        `Added ${need(values, 'email').toLowerCase()}. Invitation link (works once, for ${String(INVITATION_HOURS)} hours; give it only to them):`,
      )
      console.log(link)
      return 0
    }
    case 'user invite': {
      const email = need(values, 'email').toLowerCase()
      const link = await withDatabase(config, async db => {
        const user = await findUserByEmailAsSystem(db, email)
        if (!user) throw new UsageError(`No user with the email ${email}`)
        if (user.disabledAt) throw new UsageError(`The account ${email} is disabled`)
        return invite(db, user.partnershipId, user.id, new Date())
      })
      console.log(
        `Invitation link for ${email} (works once, for ${String(INVITATION_HOURS)} hours; earlier links no longer work; give it only to them):`,
      )
      console.log(link)
      return 0
    }
    case 'user disable': {
      const email = need(values, 'email').toLowerCase()
      await withDatabase(config, async db => {
        const user = await findUserByEmailAsSystem(db, email)
        if (!user) throw new UsageError(`No user with the email ${email}`)
        const now = new Date()
        await asPartnership(user.partnershipId, () =>
          db.transaction().execute(async trx => {
            await disableAccount(trx, user.id, now)
            await appendAudit(trx, {
              partnershipId: user.partnershipId,
              action: 'admin.users.disable',
              objectType: 'user',
              objectId: user.id,
              detail: { via: 'command line' },
              at: now,
            })
          }),
        )
      })
      console.log(`Disabled ${email}: its sessions and API tokens no longer work.`)
      return 0
    }
    case 'token create': {
      const email = need(values, 'email').toLowerCase()
      const days = values.days === undefined ? null : Number(values.days)
      if (days !== null && !(Number.isInteger(days) && days > 0))
        throw new UsageError('--days must be a whole number of days')
      const created = await withDatabase(config, async db => {
        const user = await findUserByEmailAsSystem(db, email)
        if (!user) throw new UsageError(`No user with the email ${email}`)
        const token = await createApiToken(
          db,
          { userId: user.id, partnershipId: user.partnershipId },
          values.label ?? 'command line',
          days === null ? null : new Date(Date.now() + days * 86_400_000),
        )
        const audit = createAuditLog(db)
        await audit.record({
          partnershipId: user.partnershipId,
          userId: user.id,
          action: 'apiToken.created',
          objectType: 'apiToken',
          objectId: token.id,
          detail: { via: 'command line' },
          at: new Date(),
        })
        return token
      })
      console.error(
        `Token ${created.id} for ${email}${created.expiresAt ? `, expires ${created.expiresAt.toISOString()}` : ', no expiry'}:`,
      )
      console.log(created.token)
      return 0
    }
    case 'token revoke': {
      const id = need(values, 'id')
      const revoked = await withDatabase(config, db => revokeApiToken(db, id, new Date()))
      console.log(revoked ? `Revoked ${id}.` : `No live token ${id}.`)
      return revoked ? 0 : 1
    }
    case 'safeguards sweep': {
      const swept = await withDatabase(config, db => sweepTasks(db, new Date()))
      console.log(
        `${String(swept.raised)} task(s) raised as overdue, ${String(swept.escalated)} escalated to managers.`,
      )
      return 0
    }
    case 'audit verify': {
      const reports = await withDatabase(config, db => verifyAuditLog(db))
      for (const r of reports)
        console.log(
          `${r.partnershipId}: ${r.rows} rows, ${r.ok ? 'intact' : `BROKEN: ${r.problem ?? ''}`} (head ${r.headHash})`,
        )
      const broken = reports.filter(r => !r.ok).length
      console.log(broken ? `${broken} chain(s) broken.` : `All ${reports.length} chain(s) intact.`)
      return broken ? 3 : 0
    }
  }
  return 2
}

run(process.argv.slice(2)).then(
  code => {
    if (code >= 0) process.exit(code)
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`lantern: ${(error as Error).message}. See lantern --help.`)
      process.exit(2)
    }
    console.error(`lantern: ${(error as Error).message}`)
    process.exit(1)
  },
)
