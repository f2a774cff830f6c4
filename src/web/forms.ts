import type { z } from 'zod'

export interface FieldIssue {
  path: string
  message: string
}

export interface GovukErrors {
  list: { text: string; href: string }[]
  byField: Record<string, { text: string }>
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
 * The shape the GOV.UK error summary and each field's errorMessage take. Each summary link goes to the
 * field's first input: `#field`, unless `anchors` names another (`dateOfBirth-day` for a date input).
 */
export function govukErrors(fields: Record<string, string>, anchors: Record<string, string> = {}): GovukErrors {
  const byField: GovukErrors['byField'] = {}
  const list: GovukErrors['list'] = []
  for (const [field, text] of Object.entries(fields)) {
    byField[field] = { text }
    list.push({ text, href: `#${anchors[field] ?? field}` })
  }
  return { list, byField }
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
