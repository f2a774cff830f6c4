// Writes the OpenAPI document the app serves, for `redocly lint` and openapi-typescript in npm test. The app is
// built on a copy of the embedded test template and never listens: app.swagger() is what /api/v1/openapi.json sends.
import fs from 'node:fs/promises'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/kernel/config.ts'
import { openDatabase } from '../src/db/connection.ts'

const [, , template, target] = process.argv
if (!template || !target) throw new Error('usage: write-openapi.ts <embedded template> <document.json>')
const handle = await openDatabase({ loadDataDir: new Blob([await fs.readFile(template)]) })
const app = await buildApp({ db: handle.db, config: loadConfig({ LANTERN_DATA_DIR: '/nonexistent' }) })
await app.ready()
await fs.writeFile(target, JSON.stringify(app.swagger(), null, 2))
await app.close()
await app.lantern.audit.drain()
await handle.close()
