import type { FastifyInstance } from 'fastify'
import { buildApp, LOG_REDACT } from './app.ts'
import type { Config } from './kernel/config.ts'
import { openDatabase, type DatabaseHandle } from './db/connection.ts'
import { keepStatisticsFresh } from './db/maintenance.ts'
import { migrate } from './db/migrate.ts'
import { startNotificationEmails } from './modules/notifications/index.ts'
import { startTaskSweep } from './modules/safeguards/index.ts'
import { DEMO, DEMO_PASSWORD, seedDemo } from './seed/demo.ts'

export async function openConfiguredDatabase(config: Config): Promise<DatabaseHandle> {
  return openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
}

/** Starts the service: migrate, optionally seed the demo, listen, and shut down cleanly on SIGTERM. */
export async function serve(config: Config, options: { demo: boolean }): Promise<FastifyInstance> {
  const handle = await openConfiguredDatabase(config)
  const applied = await migrate(handle.db)
  const app = await buildApp({ db: handle.db, config, logger: { level: config.logLevel, redact: LOG_REDACT } })
  const stopStatistics = await keepStatisticsFresh(handle, error => {
    app.log.error({ err: error }, 'refreshing planner statistics failed')
  })
  // Emails that say "look in Lantern", sent apart from the requests that caused them; nothing when email is not set.
  const stopEmails = startNotificationEmails(handle.db, config, app.lantern.clock, app.log)
  // Overdue tasks raised to their owners, then their managers; safe to run in every copy of the service at once.
  const stopSweep = startTaskSweep(handle.db, app.lantern.clock, app.log)
  app.addHook('onClose', async () => {
    stopSweep()
    stopEmails()
    stopStatistics()
    await app.lantern.audit.drain()
    await handle.close()
  })
  const where =
    handle.kind === 'server' ? 'PostgreSQL server (DATABASE_URL)' : `embedded PostgreSQL in ${config.dataDir}`
  app.log.info({ applied }, `database: ${where}`)
  if (options.demo) {
    const seeded = await seedDemo(handle.db)
    app.log.info(seeded, 'demo partnerships')
  }
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  console.log(`Lantern is running at http://localhost:${port} on ${where}.`)
  if (options.demo) {
    console.log(
      `Demo partnership ${DEMO[0]?.name ?? ''}: sign in as sw@csc.example (or any demo user in README.md) with the password ${DEMO_PASSWORD}.`,
    )
  }
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => {
    shutdown('SIGTERM')
  })
  process.once('SIGINT', () => {
    shutdown('SIGINT')
  })
  return app
}
