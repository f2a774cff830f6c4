import Holidays from 'date-holidays'

// England and Wales bank holidays: the statutory rules and one-off proclamations, from date-holidays.
const holidays = new Holidays('GB', 'ENG')

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar date in London (working days are English ones, whatever the server's time zone). */
export function londonDate(at: Date): string {
  return LONDON_DAY.format(at)
}

/**
 * A year's bank holidays as ISO dates, worked out once per year: date-holidays answers one date in about half a
 * millisecond, and a 45-working-day deadline asks for some sixty of them, on every change to a case.
 */
const bankHolidays = new Map<number, ReadonlySet<string>>()

function bankHolidaysOf(year: number): ReadonlySet<string> {
  let found = bankHolidays.get(year)
  if (!found) {
    found = new Set(
      holidays
        .getHolidays(year)
        .filter(h => h.type === 'public')
        .map(h => h.date.slice(0, 10)),
    )
    bankHolidays.set(year, found)
  }
  return found
}

export function isWorkingDay(isoDate: string): boolean {
  const noonUtc = new Date(`${isoDate}T12:00:00Z`)
  const weekday = noonUtc.getUTCDay()
  if (weekday === 0 || weekday === 6) return false
  return !bankHolidaysOf(noonUtc.getUTCFullYear()).has(isoDate)
}

/**
 * The moment `days` working days after `from`, at the same time of day: Friday 15:00 plus one working day
 * is Monday 15:00, or Tuesday 15:00 when that Monday is a bank holiday.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let at = new Date(from)
  let counted = 0
  while (counted < days) {
    at = new Date(at.getTime() + 24 * 3_600_000)
    if (isWorkingDay(londonDate(at))) counted += 1
  }
  return at
}

/**
 * Working days from `now` until `due`, counted by London dates: 0 when due today, 1 when due the next working
 * day, negative when overdue (how many working days late). For "due in 3 working days" on a page.
 */
export function workingDaysUntil(now: Date, due: Date): number {
  const [from, to] = [londonDate(now), londonDate(due)]
  if (from === to) return 0
  const forward = to > from
  let [at, count] = [new Date(`${from}T12:00:00Z`), 0]
  // Bounded: a due time years away is still a number, never a long loop.
  for (let step = 0; step < 3660 && londonDate(at) !== to; step += 1) {
    at = new Date(at.getTime() + (forward ? 1 : -1) * 24 * 3_600_000)
    if (isWorkingDay(londonDate(at))) count += 1
  }
  return forward ? count : -count
}
