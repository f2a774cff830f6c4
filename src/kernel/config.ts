import { isIP } from 'node:net'
import path from 'node:path'
import { z } from 'zod'

function isAddressOrRange(entry: string): boolean {
  const [address = '', bits, ...more] = entry.split('/')
  const version = isIP(address)
  if (version === 0 || more.length) return false
  if (bits === undefined) return true
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128)
}

// Every environment variable Lantern reads is parsed here, once, at boot.
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.url().optional(),
  LANTERN_DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The TLS-terminating proxies in front, by address or CIDR range. Only a request arriving from one of them
  // has its X-Forwarded-For believed; any other caller could write whatever address it liked there.
  LANTERN_TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v, ctx) => {
      if (v.trim() === '' || v.trim() === 'false') return false
      if (v.trim() === 'true') {
        ctx.addIssue({
          code: 'custom',
          message:
            '"true" would believe any caller\'s X-Forwarded-For; list the proxies\' addresses or CIDR ranges instead, e.g. 10.0.0.5,10.1.0.0/16',
        })
        return z.NEVER
      }
      const entries = v
        .split(',')
        .map(e => e.trim())
        .filter(e => e !== '')
      const bad = entries.filter(e => !isAddressOrRange(e))
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR range: ${bad.join(', ')}` })
        return z.NEVER
      }
      return entries.length ? entries : false
    }),
  // Invitations to new users are emailed when an SMTP server and a sender are set; otherwise an operator at the
  // server prints them with `lantern user invite`. Links in them start with LANTERN_PUBLIC_URL.
  LANTERN_SMTP_URL: z.url().optional(),
  LANTERN_MAIL_FROM: z.string().trim().min(3).optional(),
  LANTERN_PUBLIC_URL: z.url().optional(),
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
  /** The proxies whose X-Forwarded-For is believed, or false for none (then cookies are not Secure and no HSTS). */
  trustProxy: string[] | false
  session: { idleMinutes: number; absoluteHours: number }
  /** How many people searches one user may make a minute (each search route counts on its own). */
  searchesPerMinute: number
  /** Where the service is reached from browsers, for links in invitations. */
  publicUrl: string
  /** Null when invitations cannot be emailed. */
  mail: { smtpUrl: string; from: string } | null
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid configuration: ${problems}`)
  }
  const e = parsed.data
  if ((e.LANTERN_SMTP_URL === undefined) !== (e.LANTERN_MAIL_FROM === undefined))
    throw new Error('Invalid configuration: set LANTERN_SMTP_URL and LANTERN_MAIL_FROM together, or neither')
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.LANTERN_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.LANTERN_TRUST_PROXY,
    session: { idleMinutes: e.LANTERN_SESSION_IDLE_MINUTES, absoluteHours: e.LANTERN_SESSION_ABSOLUTE_HOURS },
    searchesPerMinute: e.LANTERN_SEARCHES_PER_MINUTE,
    publicUrl: e.LANTERN_PUBLIC_URL ?? `http://localhost:${String(e.PORT)}`,
    mail: e.LANTERN_SMTP_URL && e.LANTERN_MAIL_FROM ? { smtpUrl: e.LANTERN_SMTP_URL, from: e.LANTERN_MAIL_FROM } : null,
  }
}
