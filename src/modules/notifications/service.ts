import { sql } from 'kysely'
import type { Db } from '../../db/connection.ts'
import { NotFound } from '../../kernel/errors.ts'
import type { NotificationKind } from '../../kernel/codes/notifications.ts'

// In-app notifications. Other modules call notify() inside the transaction of the change that causes one, so a
// refused or rolled-back change tells nobody. The text is plain and short and never names a child: whoever reads
// it may have lost access to the child since, and the same rows feed the email outbox (email.ts). The link is a
// path in Lantern, opened through need to know like any other.

export interface Notice {
  partnershipId: string
  /** Who is told. */
  userId: string
  kind: NotificationKind
  /** One or two plain sentences; a case reference and people's names at work are fine, a child's name never. */
  text: string
  /** A path in Lantern (`/cases/…`), never a full address. */
  link: string
  /** Who caused it: nobody is told of what they did themselves. */
  causedBy: string
  now: Date
}

/** Tells someone something, as part of the caller's transaction. Nothing is written when they caused it. */
export async function notify(trx: Db, notice: Notice): Promise<void> {
  await notifyAll(trx, [notice])
}

/**
 * Tells many people many things in one statement per thousand (the sweep's batches), as part of the caller's
 * transaction; as notify() does, nobody is told of what they did themselves.
 */
export async function notifyAll(trx: Db, notices: readonly Notice[]): Promise<void> {
  const told = notices.filter(n => n.userId !== n.causedBy)
  // A path in Lantern only: `//host` and `/\host` are other sites to a browser.
  for (const n of told)
    if (!/^\/([^/\\]|$)/.test(n.link)) throw new Error('A notification links only to a path in Lantern')
  for (let i = 0; i < told.length; i += 1000)
    await trx
      .insertInto('notifications')
      .values(
        told.slice(i, i + 1000).map(notice => ({
          partnershipId: notice.partnershipId,
          userId: notice.userId,
          kind: notice.kind,
          text: notice.text,
          link: notice.link,
          createdAt: notice.now,
          emailNextAt: notice.now,
        })),
      )
      .execute()
}

/** How many of the user's notifications are unread: one index-only count, for the header of every page. */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .executeTakeFirstOrThrow()
  return row.n
}

export interface NotificationFilter {
  userId: string
  /** Only the unread ones. */
  unread?: boolean
}

function mine(db: Db, filter: NotificationFilter) {
  const query = db.selectFrom('notifications').where('userId', '=', filter.userId)
  return filter.unread ? query.where('readAt', 'is', null) : query
}

/** The user's notifications, newest first, one page of them. */
export function listNotifications(db: Db, filter: NotificationFilter, page: { limit: number; offset: number }) {
  return mine(db, filter)
    .select(['id', 'kind', 'text', 'link', 'createdAt', 'readAt'])
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
}

export async function countNotifications(db: Db, filter: NotificationFilter): Promise<number> {
  const row = await mine(db, filter)
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow()
  return row.n
}

/**
 * Marks one of the user's notifications read (again is harmless: it keeps when it was first read). Someone else's
 * is not found: it does not exist for them.
 */
export async function markRead(db: Db, userId: string, id: string, now: Date) {
  const row = await db
    .updateTable('notifications')
    .set(eb => ({ readAt: eb.fn.coalesce('readAt', sql<Date>`${now}::timestamptz`) }))
    .where('id', '=', id)
    .where('userId', '=', userId)
    .returning(['id', 'kind', 'text', 'link', 'createdAt', 'readAt'])
    .executeTakeFirst()
  if (!row) throw new NotFound('notification')
  return row
}

/** Marks every unread notification of the user read; answers how many it marked. */
export async function markAllRead(db: Db, userId: string, now: Date): Promise<number> {
  const rows = await db
    .updateTable('notifications')
    .set({ readAt: now })
    .where('userId', '=', userId)
    .where('readAt', 'is', null)
    .returning('id')
    .execute()
  return rows.length
}
