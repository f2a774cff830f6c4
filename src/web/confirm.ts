import type { FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import { Instead, type Form } from './form-page.ts'
import { formList } from './forms.ts'
import { render, view, type FormPageData, type FormValues } from './render.ts'

// One way to confirm a change that cannot simply be taken back (closing a case, taking someone off its team,
// sealing an entry, emergency access): a page that says in plain words what will happen, with the answers given,
// a button to do it and a link to go back. The form that leads here posts to the same address; only a post carrying
// the confirmation marker acts, so an old form or a bookmarklet that skips the page is shown the page instead.

/** The field only the confirmation page's button sends. */
export const CONFIRMED = 'confirmed'

export interface Confirmation {
  /** The question, as the page's title and heading: "Close case NS-2026-00042?". */
  title: string
  /** Above the heading: the record it is about, like the case reference. */
  caption?: string
  /** What was asked for, as a summary list: "Why it is closing". */
  answers?: readonly { key: string; value: string }[]
  /** What will happen, one plain sentence each. */
  happens: readonly string[]
  /** Where the button posts: the address that acts. */
  action: string
  /** The primary button: "Close the case". */
  button: string
  /** The way back without doing anything. */
  back: { href: string; text: string }
  /** The answers, sent again with the marker (a list for a field that repeats). */
  carry?: Readonly<Record<string, string | readonly string[]>>
}

export interface ConfirmationPage extends FormPageData, Confirmation {
  /** `carry` as hidden inputs, one per value. */
  hidden: { name: string; value: string }[]
}

export const confirmationPage = view<ConfirmationPage>('confirm.njk')

/** The confirmation as the page's data (without `values` and `errors`, which the form page adds). */
export function confirmationData(confirmation: Confirmation): Omit<ConfirmationPage, 'values' | 'errors'> {
  const hidden = Object.entries(confirmation.carry ?? {}).flatMap(([name, value]) =>
    (typeof value === 'string' ? [value] : value).map(v => ({ name, value: v })),
  )
  return { ...confirmation, hidden }
}

/** The post came from the confirmation page's button. */
export function isConfirmed(values: FormValues): boolean {
  return values[CONFIRMED] === 'yes'
}

/** Shows a confirmation page: on the GET that asks, or on a post that came without the marker. */
export function showConfirmation(request: FastifyRequest, reply: FastifyReply, confirmation: Confirmation) {
  return render(request, reply, confirmationPage, { ...confirmationData(confirmation), values: {} })
}

/**
 * A form whose post may carry the marker: it is read without it (forms' schemas are strict, and the marker is no
 * answer), so the same form checks the answers before the confirmation page and again when it is confirmed.
 */
export function confirmable<Schema extends z.ZodType, Input>(form: Form<Schema, Input>): Form<Schema, Input> {
  return {
    ...form,
    read: body => {
      const { [CONFIRMED]: _marker, ...rest } = body
      return form.read ? form.read(rest) : rest
    },
  }
}

/**
 * In a form page's submit: does `act` when the post was confirmed; otherwise answers the confirmation page, with the
 * answers checked already, and does nothing. Ask the record-level rule before calling it, so nobody is asked to
 * confirm what would then be refused.
 */
export async function confirmFirst<Result>(
  values: FormValues,
  confirmation: () => Confirmation | Promise<Confirmation>,
  act: () => Promise<Result>,
): Promise<Result | Instead> {
  if (isConfirmed(values)) return act()
  const page = await confirmation()
  return new Instead((request, reply) => showConfirmation(request, reply, page))
}

/** The answers as they were typed, to carry to the confirmation page: every field but the marker. */
export function answersTyped(values: FormValues): Record<string, string | string[]> {
  const carried: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(values))
    if (name !== CONFIRMED) carried[name] = typeof value === 'string' ? value : formList(value)
  return carried
}
