import { z } from 'zod'

/** The latest date allowed: fixed, or read when a value is checked (today, from the app's clock). */
export type NotAfter = string | (() => string)

/** A calendar date as ISO 'YYYY-MM-DD' that really exists, optionally not after `notAfter`. */
export function isoDate(label: string, options: { notAfter?: NotAfter } = {}) {
  return z
    .string({ error: `Enter the ${label.toLowerCase()}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a real date, like 2019-03-27`)
    .refine((value) => {
      const [y, m, d] = value.split('-').map(Number) as [number, number, number]
      const date = new Date(Date.UTC(y, m - 1, d))
      return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    }, `${label} must be a real date`)
    .refine((value) => {
      const limit = typeof options.notAfter === 'function' ? options.notAfter() : options.notAfter
      return !limit || value <= limit
    }, `${label} must be today or in the past`)
}

export interface DateInputValue {
  day: string
  month: string
  year: string
}

/**
 * Reads a GOV.UK date input (`name-day`, `name-month`, `name-year`) from a form body. Returns the typed
 * parts (to show again), and an ISO string, undefined when all three are empty, or an error message.
 */
export function readDateInput(body: Record<string, unknown>, name: string, label: string): { parts: DateInputValue; iso?: string; error?: string } {
  const part = (p: string) => {
    const v = body[`${name}-${p}`]
    return typeof v === 'string' ? v.trim() : ''
  }
  const parts = { day: part('day'), month: part('month'), year: part('year') }
  if (!parts.day && !parts.month && !parts.year) return { parts }
  const missing = (['day', 'month', 'year'] as const).filter((p) => !parts[p])
  if (missing.length) return { parts, error: `${label} must include a ${missing.join(' and ')}` }
  if (![parts.day, parts.month, parts.year].every((p) => /^\d+$/.test(p)) || parts.year.length !== 4)
    return { parts, error: `${label} must be a real date` }
  return { parts, iso: `${parts.year}-${parts.month.padStart(2, '0')}-${parts.day.padStart(2, '0')}` }
}

export function todayIso(now: Date): string {
  return now.toISOString().slice(0, 10)
}
