import type { FastifyReply, FastifyRequest } from 'fastify'
import { PRACTITIONERS } from '../kernel/roles.ts'
import type { GovukErrors } from './forms.ts'
import { londonTime } from './dates.ts'
import { urls } from './urls.ts'

/** CSRF tokens are bound to the session they were issued in, so one leaked token opens no other session. */
export function csrfUserInfo(request: FastifyRequest): string {
  return request.sessionIdHash ?? 'no-session'
}

/** A banner at the top of a page after something was done: a fixed message, never a record's content. */
export interface Notice {
  text: string
  success?: boolean
}

/** What the layout reads from every page. */
export interface PageData {
  title: string
  notice?: Notice | undefined
  /** Shown in the error summary and beside each field; the title starts "Error: ". */
  errors?: GovukErrors | undefined
}

/** What was typed into a page's form, as posted (or its starting answers), to show again. */
export type FormValues = Readonly<Record<string, unknown>>

/** A page with a form: what was typed and what is wrong with it. */
export interface FormPageData extends PageData {
  values: FormValues
}

/** A template and the data it reads: render() takes nothing else, so each page's data is typed where it is built. */
export interface View<Data extends PageData> {
  readonly template: string
  /** Never set: carries the data's type. */
  readonly data?: Data
}

export function view<Data extends PageData>(template: string): View<Data> {
  return { template }
}

/** The page for anything refused or gone wrong: a title, what to do, and perhaps another way in. */
export interface ErrorPage extends PageData {
  paragraphs: string[]
  link?: { href: string; text: string }
}

/** Seconds before a session ends that every page warns, with JavaScript, and offers to keep it going. */
export const SESSION_WARNING_SECONDS = 120

/**
 * When the signed-in person's session will end if they do nothing, for the page to say so (and, with JavaScript,
 * to warn them in time): seconds from now rather than a moment, so the browser's clock does not matter.
 */
function sessionEnd(request: FastifyRequest) {
  const endsAt = request.sessionEndsAt
  if (request.subject.kind !== 'signedIn' || !endsAt) return undefined
  const now = request.server.lantern.clock()
  return {
    secondsLeft: Math.max(0, Math.round((endsAt.getTime() - now.getTime()) / 1000)),
    time: londonTime(endsAt),
    warnSeconds: SESSION_WARNING_SECONDS,
  }
}

export const errorPage = view<ErrorPage>('error.njk')

/**
 * Renders a page inside the layout with what every page needs: the signed-in user (and their unread notifications,
 * when a hook above counted them), a CSRF token for its forms, the CSP nonce, the current path, and `urls` to link with.
 */
export function render<Data extends PageData>(
  request: FastifyRequest,
  reply: FastifyReply,
  page: View<Data>,
  data: Data,
  status = 200,
): FastifyReply {
  const subject = request.subject
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .view(page.template, {
      ...data,
      urls,
      user: subject.kind === 'signedIn' ? subject.actor : undefined,
      practitioner:
        subject.kind === 'signedIn' && subject.actor.roles.some(r => (PRACTITIONERS as readonly string[]).includes(r)),
      pendingUser: subject.kind === 'pending' ? subject.actor : undefined,
      unreadNotifications: request.unreadNotifications,
      csrfToken: reply.generateCsrf({ userInfo: csrfUserInfo(request) }),
      cspNonce: reply.cspNonce.script,
      currentPath: request.url.split('?')[0],
      session: sessionEnd(request),
    })
}
