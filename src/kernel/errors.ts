// Typed errors services throw; one error handler (src/web/errors.ts) turns them into pages and API bodies.
import type { Finding } from './findings.ts'

export class NotFound extends Error {
  constructor(what = 'record') {
    super(`No such ${what}`)
  }
}

export class Forbidden extends Error {
  readonly code: 'forbidden' | 'no_legitimate_relationship'
  constructor(code: 'forbidden' | 'no_legitimate_relationship' = 'forbidden', message = 'You may not do this') {
    super(message)
    this.code = code
  }
}

export class Conflict extends Error {
  /** The fields someone else changed since the version the user started from. */
  readonly changedFields: string[]
  constructor(message = 'Someone else changed this record after you opened it', changedFields: string[] = []) {
    super(message)
    this.changedFields = changedFields
  }
}

/** A form or API body that breaks a rule the schema cannot express (a duplicate email, say). */
export class Invalid extends Error {
  readonly fields: Record<string, string>
  constructor(fields: Record<string, string>) {
    super(Object.values(fields)[0] ?? 'Invalid')
    this.fields = fields
  }
}

/** Too many of something in too short a time (break-glass grants in a day, say): 429, try again later. */
export class TooMany extends Error {}

/** A change a safeguard refuses (a `block` finding): 422, nothing saved, the findings say why. */
export class SafeguardRefusal extends Error {
  readonly findings: readonly Finding[]
  constructor(findings: readonly Finding[]) {
    super(findings.map(f => f.message).join(' ') || 'A safeguard refused this change')
    this.findings = findings
  }
}
