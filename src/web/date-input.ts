import { z } from 'zod'
import { EARLIEST, isRealDate, latest, type NotAfter } from './dates.ts'

// A GOV.UK date input is three boxes, `name-day`, `name-month` and `name-year`. A form page reads them as one
// field (`name: { day, month, year }`, see readDateInputs) and checks them here, once: an error names the box
// that is wrong (`name.month`), or the whole input (`name`) when no one box is, so the page can mark just that
// box and link the error summary to it.

export const DATE_PARTS = ['day', 'month', 'year'] as const
export type DatePart = (typeof DATE_PARTS)[number]

export interface DateInputOptions {
  /** The message when all three boxes are empty. Without it the date is optional, and empty reads as null. */
  required?: string
  /** The latest date allowed (today, from the app's clock). */
  notAfter?: NotAfter
}

const part = z
  .unknown()
  .transform(value => (typeof value === 'string' ? value.trim() : Array.isArray(value) ? null : ''))

/**
 * One date input, read as an ISO date ('2019-03-27'). `label` starts each message: "Date of birth must be a
 * real date", "Date of birth must include a month and year".
 */
export function dateInput(label: string, options: DateInputOptions & { required: string }): z.ZodType<string>
export function dateInput(label: string, options?: DateInputOptions): z.ZodType<string | null>
export function dateInput(label: string, options: DateInputOptions = {}): z.ZodType<string | null> {
  const real = `${label} must be a real date`
  return z.strictObject({ day: part, month: part, year: part }).transform((typed, ctx): string | null => {
    const wrong = (parts: readonly DatePart[], message: string) => {
      for (const p of parts) ctx.addIssue({ code: 'custom', path: [p], message })
      return z.NEVER
    }
    // A box sent twice is not something the page can show again: the box is wrong, whatever it held.
    const repeated = DATE_PARTS.filter(p => typed[p] === null)
    if (repeated.length) return wrong(repeated, real)
    const text = { day: typed.day ?? '', month: typed.month ?? '', year: typed.year ?? '' }
    if (!text.day && !text.month && !text.year) {
      if (options.required === undefined) return null
      ctx.addIssue({ code: 'custom', path: [], message: options.required })
      return z.NEVER
    }
    const missing = DATE_PARTS.filter(p => !text[p])
    if (missing.length) return wrong(missing, `${label} must include a ${missing.join(' and ')}`)
    const notNumbers = DATE_PARTS.filter(p => !/^\d{1,4}$/.test(text[p]))
    if (notNumbers.length) return wrong(notNumbers, real)
    const [day, month, year] = [Number(text.day), Number(text.month), Number(text.year)]
    if (text.year.length !== 4 || year < Number(EARLIEST.slice(0, 4))) return wrong(['year'], real)
    if (month < 1 || month > 12) return wrong(['month'], real)
    if (!isRealDate(year, month, day)) return wrong(['day'], real)
    const iso = `${text.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
    const limit = latest(options.notAfter)
    if (limit && iso > limit) {
      ctx.addIssue({ code: 'custom', path: [], message: `${label} must be today or in the past` })
      return z.NEVER
    }
    return iso
  })
}

/** Reads each named date input's three boxes as one field, for a schema that gives it a dateInput(). */
export function readDateInputs(body: Readonly<Record<string, unknown>>, names: readonly string[]) {
  // A body that already has the name itself is left for the schema to refuse as it stands.
  const grouped = names.filter(name => !Object.hasOwn(body, name))
  const boxes = new Set(grouped.flatMap(name => DATE_PARTS.map(p => `${name}-${p}`)))
  const read: Record<string, unknown> = Object.fromEntries(Object.entries(body).filter(([key]) => !boxes.has(key)))
  for (const name of grouped) read[name] = Object.fromEntries(DATE_PARTS.map(p => [p, body[`${name}-${p}`]]))
  return read
}

/** The boxes of a date input showing an ISO date ('2019-03-07' shows 7, 3, 2019), or empty ones. */
export function dateInputValues(name: string, iso: string | null | undefined): Record<string, string> {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-')
  return {
    [`${name}-day`]: day.replace(/^0/, ''),
    [`${name}-month`]: month.replace(/^0/, ''),
    [`${name}-year`]: year,
  }
}
