import path from 'node:path'
import { z } from 'zod'

// Every environment variable Lantern reads is parsed here, once, at boot.
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url().optional(),
  LANTERN_DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Set when a TLS-terminating proxy sits in front, so cookies are marked Secure and client IPs are real.
  LANTERN_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  LANTERN_SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  LANTERN_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(10),
  LANTERN_SEARCHES_PER_MINUTE: z.coerce.number().int().positive().default(30),
})

export interface Config {
  port: number
  host: string
  databaseUrl: string | undefined
  dataDir: string
  logLevel: z.infer<typeof schema>['LOG_LEVEL']
  trustProxy: boolean
  session: { idleMinutes: number; absoluteHours: number }
  /** How many people searches one user may make a minute (each search route counts on its own). */
  searchesPerMinute: number
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid configuration: ${problems}`)
  }
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.LANTERN_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.LANTERN_TRUST_PROXY,
    session: { idleMinutes: e.LANTERN_SESSION_IDLE_MINUTES, absoluteHours: e.LANTERN_SESSION_ABSOLUTE_HOURS },
    searchesPerMinute: e.LANTERN_SEARCHES_PER_MINUTE,
  }
}
