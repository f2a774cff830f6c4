import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { Invalid, NotFound } from '../kernel/errors.ts'
import { isUuid } from '../kernel/ids.ts'
import { findUnstorableText } from '../kernel/text.ts'

// Checks every request makes before any hook, schema or handler sees its input, so that no route can forget
// them: text that cannot be stored is a 400 naming the field, and an id that cannot name a record is a 404.
// Nothing here copies what was sent into an error message or a log line.

const UNSTORABLE = 'Remove the control character or broken character from this field'

/** Path parameters named `id` or `…Id` name records, and every record is named by a uuid. */
function isIdParam(name: string): boolean {
  return name === 'id' || name.endsWith('Id')
}

export function guardInput(app: FastifyInstance): void {
  // Before authentication, so a refused request's audit row can only carry what could be stored.
  app.addHook('onRequest', (request, _reply, done) => {
    const params: unknown = request.params
    const badParam = findUnstorableText(params)
    if (badParam) {
      done(new Invalid({ [badParam]: UNSTORABLE }))
      return
    }
    for (const [name, value] of Object.entries(typeof params === 'object' && params !== null ? params : {})) {
      if (!isIdParam(name) || typeof value !== 'string') continue
      if (!isUuid(value)) {
        // The record the address names is not there (404); a record named within it is a bad parameter (400).
        done(name === 'id' ? new NotFound() : new Invalid({ [name]: `${name} must be an id this service gave` }))
        return
      }
    }
    const badQuery = findUnstorableText(request.query)
    done(badQuery ? new Invalid({ [badQuery]: UNSTORABLE }) : undefined)
  })
  // Bodies are parsed after onRequest: JSON and form bodies alike are checked before validation.
  app.addHook('preValidation', (request, _reply, done) => {
    const bad = findUnstorableText(request.body)
    done(bad ? new Invalid({ [bad]: UNSTORABLE }) : undefined)
  })
}

/** The largest value an integer column holds: a version or a count above it is refused, not overflowed. */
export const INT4_MAX = 2_147_483_647

/** The version of a record that the caller read, sent back with a change. */
export function versionField(message = 'Send the version you read') {
  return z.number({ error: message }).int(message).positive(message).max(INT4_MAX, message)
}

/** A code list's codes, as `z.enum` takes them: `z.enum(codesOf(PLAN_KINDS), 'Choose the kind of plan')`. */
export const codesOf = <T extends string>(list: Record<T, unknown>) => Object.keys(list) as [T, ...T[]]
