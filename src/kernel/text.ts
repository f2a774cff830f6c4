// What text can be stored at all. PostgreSQL refuses the NUL character in text and jsonb, and a lone half of
// a UTF-16 surrogate pair has no UTF-8 form (the driver would silently turn it into U+FFFD, or jsonb refuses
// its \u escape). Anything that reaches a query, the audit log or a log line passes this first.

const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Whether a string can be stored and read back unchanged. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value)
}

/**
 * The path of the first string (value or key) in a parsed body, query or params that cannot be stored, as
 * `people.0.role`; undefined when there is none. Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function findUnstorableText(value: unknown, prefix: string[] = []): string | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: prefix }]
  while (stack.length > 0) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string[] }
    if (typeof v === 'string') {
      if (!isStorableText(v)) return path.join('.') || '_'
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: [...path, String(i)] }))
    } else if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        // A bad key is named by its parent: the key itself cannot be shown or stored.
        if (!isStorableText(key)) return path.join('.') || '_'
        stack.push({ value: item, path: [...path, key] })
      }
    }
  }
  return undefined
}
