import type { NotificationKind } from './codes/notifications.ts'

/**
 * What a safeguard says about a case: its id (SG-01…), how strongly (`block` refuses the change, `due` sets a
 * deadline, `prompt` advises), a plain message, the child or record it concerns, the recorded facts that
 * triggered it (never a score), and its source in the national review. It lives in the kernel because every
 * layer carries it: the case layer's write pipeline refuses on it, the web layer shows it.
 */
export interface Finding {
  safeguard: string
  severity: 'block' | 'due' | 'prompt'
  message: string
  childId?: string | null
  recordId?: string | null
  dueAt?: Date | null
  /** Who a `due` finding's task is for, when not the case's lead practitioner (a police investigation's officer). */
  owner?: { userId: string | null; agencyId: string | null }
  /**
   * Who else is told, once, when a `due` finding's task first opens (the probation contact of a person on the
   * register, SG-08): the kind of notification, plain text that never names a child, and a path in Lantern.
   */
  notify?: { kind: NotificationKind; userIds: readonly string[]; text: string; link: string }
  facts: readonly string[]
  /** The review's recommendation or finding (DOMAIN.md §11 codes: PR-3, PI-2, …) and Lantern's page quoting it. */
  source: { code: string; title: string; href: string }
}
