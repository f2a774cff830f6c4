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

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/**
 * A day as people in England read it, in GOV.UK style: "1 December 2026". An ISO date ('2026-12-01', a date of
 * birth) is that calendar day wherever the reader is; a moment is the day it was in England.
 */
export function londonDate(day: string | Date): string {
  const iso = typeof day === 'string' ? day : londonParts(day)[0]
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return `${d} ${MONTHS[m - 1] ?? ''} ${y}`
}

/** A wall-clock time ('14:05', '00:00') in GOV.UK style: "2:05pm", "midnight", "midday", "12:30am". */
export function writtenTime(time: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number]
  if (m === 0 && h === 0) return 'midnight'
  if (m === 0 && h === 12) return 'midday'
  return `${h % 12 || 12}:${String(m).padStart(2, '0')}${h < 12 ? 'am' : 'pm'}`
}

/** The time of day a moment was in England, in GOV.UK style: "5:19pm". */
export function londonTime(at: Date): string {
  return writtenTime(londonParts(at)[1])
}

/** Minutes already written out: a page of 50 concerns and 10 entries writes a hundred moments, most of them again. */
const writtenMinutes = new Map<number, string>()
const WRITTEN_MINUTES_KEPT = 10_000

/** A moment as people in England read it, in GOV.UK style: "16 September 2026 at 5:19pm". */
export function londonDateTime(at: Date): string {
  // It shows the minute and no more, so every moment in one minute reads the same.
  const minute = Math.floor(at.getTime() / 60_000)
  const known = writtenMinutes.get(minute)
  if (known !== undefined) return known
  const [day, time] = londonParts(at)
  const written = `${londonDate(day)} at ${writtenTime(time)}`
  if (writtenMinutes.size >= WRITTEN_MINUTES_KEPT) writtenMinutes.clear()
  writtenMinutes.set(minute, written)
  return written
}

/** Whole calendar days from one ISO date to another ('2026-03-28' to '2026-03-30' is 2), whatever the clocks do. */
function daysBetween(from: string, to: string): number {
  const utc = (iso: string) => {
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
    return Date.UTC(y, m - 1, d)
  }
  return Math.round((utc(to) - utc(from)) / 86_400_000)
}

/**
 * A moment near now, named by its day in England: "today at 5:00pm", "tomorrow at 9:00am", "yesterday at
 * midday", else "3 December 2026 at 9:00am". Days are calendar days in England, not 24-hour windows: 11pm
 * tonight and 1am are "today" and "tomorrow", two hours apart.
 */
export function londonRelative(at: Date, now: Date): string {
  const [day, time] = londonParts(at)
  const apart = daysBetween(londonParts(now)[0], day)
  const named = apart === 0 ? 'today' : apart === 1 ? 'tomorrow' : apart === -1 ? 'yesterday' : londonDate(day)
  return `${named} at ${writtenTime(time)}`
}

/**
 * When something is due, for a deadline: "due today at 5:00pm", "due tomorrow at 9:00am", "due 3 December 2026
 * at 9:00am"; once the moment has passed, "overdue since yesterday at 10:32am" or "overdue since 30 November 2026
 * at 10:32am". Lower case, to follow a name ("Referral decision due tomorrow at 9:00am"); see sentence().
 */
export function londonDue(at: Date, now: Date): string {
  return `${at < now ? 'overdue since' : 'due'} ${londonRelative(at, now)}`
}

/** Words that start a sentence or a table cell, with a capital: "Due tomorrow at 9:00am". */
export function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * A time of day as people type it, read as the 24-hour clock ('14:15'), or null when it is not one. Accepts
 * "2:15pm", "2.15pm", "2:15 pm", "2.15 P.M.", "14:15", "14.15", "9am", "9 am", "midday", "noon" and "midnight";
 * refuses "25:00", "13pm", "2:75", "2:5pm" and a bare "14" (an hour alone could be either half of the day).
 */
export function parseTime(typed: string): string | null {
  const text = typed.trim().toLowerCase().replace(/\s+/g, ' ')
  if (text === 'midnight') return '00:00'
  if (text === 'midday' || text === 'noon' || text === '12 noon') return '12:00'
  const match = /^(\d{1,2})(?:[:.](\d{2}))? ?(am|pm|a\.m\.?|p\.m\.?)?$/.exec(text)
  if (!match) return null
  const [, hours = '', minutes, half] = match
  const h = Number(hours)
  const m = minutes === undefined ? 0 : Number(minutes)
  if (m > 59) return null
  let hour: number
  if (half) {
    // The 12-hour clock runs 12, 1, ... 11: 12am is midnight, 12pm midday, and there is no 0am or 13pm.
    if (h < 1 || h > 12) return null
    hour = (h % 12) + (half.startsWith('p') ? 12 : 0)
  } else {
    if (minutes === undefined || h > 23) return null
    hour = h
  }
  return `${String(hour).padStart(2, '0')}:${String(m).padStart(2, '0')}`
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

/**
 * The same functions as template filters, for dates a template already has: `{{ e.openedAt | londonDate }}`,
 * `{{ person.dateOfBirth | londonDate | default("Not known", true) }}`. Nothing (null, '') stays nothing, for
 * `default` to word.
 */
export const DATE_FILTERS: Readonly<Record<string, (value: unknown) => string>> = {
  londonDate: value => (value instanceof Date || (typeof value === 'string' && value) ? londonDate(value) : ''),
  londonDateTime: value => (value instanceof Date ? londonDateTime(value) : ''),
}
