import { z } from 'zod'
import { dateInput, dateInputValues, readDateInputs } from './date-input.ts'
import { fromLondon, londonDate } from './dates.ts'
import { fieldIssues, govukErrors } from './forms.ts'

// A period asked for in two GOV.UK date inputs, From and To, whole days in England, both included, either left
// empty for no limit: the partnership's lists and the audit log ask it the same way.

/** A period as typed, in whole days in England: from the start of `from` to the end of `to`; either open. */
export interface Period {
  from: string | null
  to: string | null
}

const NO_END = new Date('9999-01-01T00:00:00Z')

function nextDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}

/** The moments a period runs between: from the start of its first day in England to the end of its last. */
export function moments(period: Period): { from: Date; to: Date } {
  return {
    from: period.from ? fromLondon(period.from, '00:00') : new Date('1900-01-01T00:00:00Z'),
    to: period.to ? fromLondon(nextDay(period.to), '00:00') : NO_END,
  }
}

export const laterThanFrom = (period: Period, ctx: z.RefinementCtx) => {
  if (period.from && period.to && period.to < period.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'To must be the same as or after from' })
}

const periodForm = z.object({ from: dateInput('From'), to: dateInput('To') }).superRefine(laterThanFrom)

/** The period a page asks for in its date boxes; the boxes as typed and the errors, if it cannot be read. */
export function readPeriod(query: Record<string, unknown>) {
  const values = Object.fromEntries(
    Object.entries(query).filter(([k, v]) => /^(from|to)-(day|month|year)$/.test(k) && typeof v === 'string'),
  ) as Record<string, string>
  const parsed = periodForm.safeParse(readDateInputs(values, ['from', 'to']))
  return parsed.success
    ? { values, period: parsed.data, errors: undefined }
    : {
        values,
        period: null,
        errors: govukErrors(fieldIssues(parsed.error.issues), { order: ['from', 'to'], dateInputs: ['from', 'to'] }),
      }
}

/** The period's boxes as a query string's values, for a link to ask for the same period. */
export function periodQuery(period: Period): Record<string, string> {
  return { ...dateInputValues('from', period.from), ...dateInputValues('to', period.to) }
}

/** The period in words: "from 1 November 2026 to 30 November 2026", "at any time". */
export function describePeriod(period: Period): string {
  const day = londonDate
  if (period.from && period.to) return `from ${day(period.from)} to ${day(period.to)}`
  if (period.from) return `from ${day(period.from)} on`
  if (period.to) return `up to ${day(period.to)}`
  return 'at any time'
}
