import { addWorkingDays, londonDate } from '../../../kernel/working-days.ts'
import { fromLondon } from '../../../web/dates.ts'

// Deadlines the rules set from days: a timescale in working days or months runs to the end of its last day in
// England (a conference due "within 15 working days" may be held any time on the fifteenth). Counted from noon,
// so a change of the clocks never moves a day.

/** The last minute of the London day of `at`. */
export function endOfDay(at: Date): Date {
  return fromLondon(londonDate(at), '23:59')
}

/** The end of the day `days` working days after the London day of `from`. */
export function workingDaysAfter(from: Date, days: number): Date {
  return endOfDay(addWorkingDays(fromLondon(londonDate(from), '12:00'), days))
}

/** The end of the day `months` calendar months after the London day of `from` (31 January + 1 month: 28 February). */
export function monthsAfter(from: Date, months: number): Date {
  const [y, m, d] = londonDate(from).split('-').map(Number) as [number, number, number]
  const target = new Date(Date.UTC(y, m - 1 + months, 1))
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  const day = `${String(target.getUTCFullYear())}-${String(target.getUTCMonth() + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
  return fromLondon(day, '23:59')
}
