import { z } from 'zod'

/** The earliest date or moment anything in Lantern is about: nobody alive, and no record kept, is older. */
export const EARLIEST = '1900-01-01'
const EARLIEST_YEAR = 1900

/** The latest date allowed: fixed, or read when a value is checked (today, from the app's clock). */
export type NotAfter = string | (() => string)

/** Whether a year, month and day name a day on the calendar (not 30 February), from 1900 on. */
export function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return (
    year >= EARLIEST_YEAR &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  )
}

/** A calendar date as ISO 'YYYY-MM-DD' that really exists, optionally not after `notAfter`. */
export function isoDate(label: string, options: { notAfter?: NotAfter } = {}) {
  return z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date, like 2019-03-27`)
    .refine(value => {
      const [y, m, d] = value.split('-').map(Number) as [number, number, number]
      return isRealDate(y, m, d)
    }, `${label} must be a real date`)
    .refine(value => {
      const limit = latest(options.notAfter)
      return !limit || value <= limit
    }, `${label} must be today or in the past`)
}

/** The latest date allowed, read now if it is read from the clock. */
export function latest(notAfter: NotAfter | undefined): string | undefined {
  return typeof notAfter === 'function' ? notAfter() : notAfter
}

/**
 * A moment as an ISO date and time with an offset ('2026-03-01T10:00:00Z'), from 1900 on, and when `notAfter`
 * says so (now, from the app's clock) not after it: a minute's grace for clocks that differ. Every timestamp a
 * caller sends goes through this one schema, so what is stored can always be read back and shown.
 */
export function isoTimestamp(label: string, options: { notAfter?: () => Date } = {}) {
  return z.iso
    .datetime({ offset: true, error: `Enter ${label.toLowerCase()} as a date and time like 2026-03-01T10:00:00Z` })
    .refine(value => Date.parse(value) >= Date.parse(`${EARLIEST}T00:00:00Z`), `${label} must be in 1900 or later`)
    .refine(
      value => !options.notAfter || Date.parse(value) <= options.notAfter().getTime() + 60_000,
      `${label} must be now or in the past`,
    )
    .transform(value => new Date(value))
}

export function todayIso(now: Date): string {
  return now.toISOString().slice(0, 10)
}

/** A person's age in whole years on a date, for telling two records (or two children of one name) apart. */
export function ageOn(dateOfBirth: string | null, today: string): number | null {
  if (!dateOfBirth) return null
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - y - (tm < m || (tm === m && td < d) ? 1 : 0)
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  // 'h12', not hour12: with hour12 en-GB counts the hours after midnight from 0 ("0:30am").
  hourCycle: 'h12',
})

/** Minutes already written out: a page of 50 concerns and 10 entries writes a hundred moments, most of them again. */
const writtenMinutes = new Map<number, string>()
const WRITTEN_MINUTES_KEPT = 10_000

/** A moment as people in England read it, in GOV.UK style: "16 September 2026 at 5:19pm". */
export function londonDateTime(at: Date): string {
  // It shows the minute and no more, so every moment in one minute reads the same.
  const minute = Math.floor(at.getTime() / 60_000)
  const known = writtenMinutes.get(minute)
  if (known !== undefined) return known
  // GOV.UK style: "midnight" and "midday", never "12am" or "12pm".
  const written = LONDON.format(at)
    .replace(/\s([ap]m)$/, '$1')
    .replace(/ 12:00am$/, ' midnight')
    .replace(/ 12:00pm$/, ' midday')
  if (writtenMinutes.size >= WRITTEN_MINUTES_KEPT) writtenMinutes.clear()
  writtenMinutes.set(minute, written)
  return written
}

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The wall-clock date and time in England at a moment: ['2026-11-25', '14:05']. */
export function londonParts(at: Date): [string, string] {
  const p = Object.fromEntries(LONDON_PARTS.formatToParts(at).map(x => [x.type, x.value]))
  return [`${p.year ?? ''}-${p.month ?? ''}-${p.day ?? ''}`, `${p.hour ?? ''}:${p.minute ?? ''}`]
}

/** The moment a wall-clock date and time in England names ('2026-07-01', '09:30' is 08:30 UTC). */
export function fromLondon(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const [h, min] = time.split(':').map(Number) as [number, number]
  const asUtc = Date.UTC(y, m - 1, d, h, min)
  // London is UTC or an hour ahead; read the offset at the guess, then correct once for a change across it.
  const offsetAt = (t: number) => {
    const [ld, lt] = londonParts(new Date(t))
    const [ly, lm, lday] = ld.split('-').map(Number) as [number, number, number]
    const [lh, lmin] = lt.split(':').map(Number) as [number, number]
    return Date.UTC(ly, lm - 1, lday, lh, lmin) - t
  }
  const first = asUtc - offsetAt(asUtc)
  return new Date(asUtc - offsetAt(first))
}

/** The time of day in England of a moment, as londonDateTime writes it: "5:19pm", "midnight". */
export function londonTime(at: Date): string {
  return londonDateTime(at).split(' at ')[1] ?? ''
}
