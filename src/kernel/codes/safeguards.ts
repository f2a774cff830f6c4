// The safeguards' code lists. This file imports nothing: src/db/types.ts takes its column types from here, and
// src/db/schema-matches-types.http.test.ts proves each list equals its CHECK.

/** A task is open until done: by hand, or by itself when the finding that opened it cleared. Overdue is worked out. */
export const TASK_STATUSES = ['open', 'done'] as const

export type TaskStatusCode = (typeof TASK_STATUSES)[number]
