// Migrates and seeds one template database per test run; each test file then copies it (PGlite: load a dump;
// server: CREATE DATABASE ... TEMPLATE), which is far quicker than migrating again.
import fs from 'node:fs/promises'
import path from 'node:path'
import { sql } from 'kysely'
import { openDatabase } from '../src/db/connection.ts'
import { asSystem } from '../src/db/context.ts'
import { migrate } from '../src/db/migrate.ts'
import { seedDemo } from '../src/seed/demo.ts'

const [, , mode, target] = process.argv
if (mode === 'embedded' && target) {
  const handle = await openDatabase({})
  await migrate(handle.db)
  await seedDemo(handle.db)
  if (!handle.pglite) throw new Error('expected embedded PostgreSQL')
  const dump = await handle.pglite.dumpDataDir('none')
  await fs.mkdir(path.dirname(target), { recursive: true })
  await fs.writeFile(target, Buffer.from(await dump.arrayBuffer()))
  await handle.close()
} else if (mode === 'server' && target) {
  // target: the template database's name; TEST_DATABASE_URL points at the server.
  const base = process.env.TEST_DATABASE_URL
  if (!base) throw new Error('TEST_DATABASE_URL is not set')
  const admin = await openDatabase({ url: base, poolSize: 1 })
  await asSystem(async () => {
    await sql`drop database if exists ${sql.id(target)}`.execute(admin.db)
    await sql`create database ${sql.id(target)}`.execute(admin.db)
  })
  await admin.close()
  const url = new URL(base)
  url.pathname = `/${target}`
  const handle = await openDatabase({ url: url.toString(), poolSize: 1 })
  await migrate(handle.db)
  await seedDemo(handle.db)
  await handle.close()
} else if (mode === 'drop-server' && target) {
  const admin = await openDatabase({ url: process.env.TEST_DATABASE_URL, poolSize: 1 })
  await asSystem(async () => {
    const rows = await sql<{
      datname: string
    }>`select datname from pg_database where datname like ${`${target}%`}`.execute(admin.db)
    for (const { datname } of rows.rows)
      await sql`drop database if exists ${sql.id(datname)} with (force)`.execute(admin.db)
  })
  await admin.close()
} else {
  console.error('usage: prepare-test-db.ts embedded <file> | server <template-db> | drop-server <prefix>')
  process.exit(2)
}
