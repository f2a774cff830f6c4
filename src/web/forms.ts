import type { z } from 'zod'
import { DATE_PARTS, type DatePart } from './date-input.ts'

export interface FieldIssue {
  path: string
  message: string
}

/** One field's error, as GOV.UK macros take it (`errorMessage`); for a date input, the boxes that are wrong. */
export interface FieldError {
  text: string
  parts?: DatePart[]
}

export interface GovukErrors {
  list: { text: string; href: string }[]
  byField: Record<string, FieldError>
}

/** How a form lays out its errors: the order of its fields, its date inputs, and inputs not named `#field`. */
export interface ErrorLayout {
  /** The fields from top to bottom: the summary lists problems in this order (any others after them). */
  order?: readonly string[]
  /** GOV.UK date inputs: an error on `name.month` marks the month box and links to it. */
  dateInputs?: readonly string[]
  /** Where a field's summary link goes when its first input is not `#field` (`indicators-phy`). */
  anchors?: Readonly<Record<string, string>>
  /** The form field an error belongs to when it is named otherwise (the service's `childIds` is the `title`). */
  fieldOf?: Readonly<Record<string, string>>
}

/** Flattens Zod issues to one message per field; an unexpected field is named as such. */
export function fieldIssues(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  // No prototype: a field named `constructor` or `toString` must be named, not found already set.
  const fields: Record<string, string> = Object.create(null) as Record<string, string>
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] ??= 'This field is not expected here'
      continue
    }
    fields[issue.path.join('.') || '_'] ??= issue.message
  }
  // Back to a plain object (fromEntries defines each key as its own, `__proto__` included).
  return Object.fromEntries(Object.entries(fields))
}

/**
 * The shape the GOV.UK error summary and each field's errorMessage take, one message per field in the form's
 * order. An error on part of a field (`indicators.3`, `people.0.role`) is the field's; on a date input's box
 * (`dateOfBirth.month`) it marks that box. Each summary link goes to the field's first input, or its wrong box.
 */
export function govukErrors(fields: Readonly<Record<string, string>>, layout: ErrorLayout = {}): GovukErrors {
  // No prototype: a field named `constructor` or `__proto__` must be named, not found already set.
  const byField = Object.create(null) as GovukErrors['byField']
  for (const [path, text] of Object.entries(fields)) {
    const [top = path, part] = path.split('.')
    const field = layout.fieldOf?.[top] ?? top
    if (!layout.dateInputs?.includes(field)) {
      byField[field] ??= { text }
      continue
    }
    const parts = DATE_PARTS.filter(p => p === part)
    const known = byField[field]
    if (!known) byField[field] = { text, parts: parts.length ? parts : [...DATE_PARTS] }
    else if (known.text === text)
      known.parts = DATE_PARTS.filter(p => parts.includes(p) || (known.parts?.includes(p) ?? false))
  }
  const order = layout.order ?? []
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length)
  const list = Object.entries(byField)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([field, { text, parts }]) => ({
      text,
      href: `#${parts?.[0] ? `${field}-${parts[0]}` : (layout.anchors?.[field] ?? field)}`,
    }))
  // Back to a plain object (fromEntries defines each key as its own, `__proto__` included).
  return { list, byField: Object.fromEntries(Object.entries(byField)) }
}

/** Form bodies arrive as strings; drop the CSRF token so strict schemas see only the user's fields. */
export function formFields(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return {}
  const { _csrf: _ignored, ...rest } = body as Record<string, unknown>
  return rest
}

/** A field that can repeat (checkboxes): none, one or several values arrive as nothing, a string or an array. */
export function formList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string')
  return typeof value === 'string' && value !== '' ? [value] : []
}
