import { z } from 'zod'
import { PLAN_KINDS } from '../../kernel/codes/families.ts'
import { dateInput } from '../../web/date-input.ts'
import { londonDate as inWords } from '../../web/dates.ts'
import { defineForm, type Answer } from '../../web/form-page.ts'
import type { FormValues } from '../../web/render.ts'
import {
  impactField,
  NEXT_REVIEW_AFTER,
  NEXT_REVIEW_NEEDED,
  outcomeField,
  REVIEW_AFTER_START,
  summaryField,
  type PlanInput,
  type ReviewInput,
} from './schema.ts'
import { codesOf } from '../../web/input.ts'

/** Rows of actions the page offers; a wholly blank row is left out. */
export const ACTION_ROWS = 3
const rowNumbers = Array.from({ length: ACTION_ROWS }, (_, i) => i + 1)
const rowFields = (n: number) => [`x${String(n)}Title`, `x${String(n)}Owner`, `x${String(n)}Due`] as const

const typed = z
  .string()
  .max(500, 'Enter 500 characters or fewer')
  .optional()
  .transform(v => v?.trim() ?? '')

/** The service names an action's fields by its place in the list; the page by its row. */
const fieldOf = Object.fromEntries(
  rowNumbers.flatMap(n => {
    const [title, owner, due] = rowFields(n)
    const i = String(n - 1)
    return [
      [`actions.${i}.title`, title],
      [`actions.${i}.ownerUserId`, owner],
      [`actions.${i}.ownerAgencyId`, owner],
      [`actions.${i}.dueOn`, due],
    ]
  }),
)

export const planForm = defineForm({
  fields: [
    'childId',
    'kind',
    'summary',
    'investigationImpact',
    'startsAt',
    'reviewOn',
    ...rowNumbers.flatMap(rowFields),
  ],
  dateInputs: ['startsAt', 'reviewOn', ...rowNumbers.map(n => rowFields(n)[2])],
  anchors: { childId: 'childId', kind: 'kind' },
  fieldOf,
  schema: z
    .strictObject({
      childId: z.uuid('Choose the child the plan is for'),
      kind: z.enum(codesOf(PLAN_KINDS), 'Choose the kind of plan'),
      summary: summaryField,
      investigationImpact: z
        .string()
        .optional()
        .transform(v => v?.trim() ?? '')
        .pipe(z.union([z.literal(''), impactField])),
      startsAt: dateInput('The start date', { required: 'Enter the date the plan starts' }),
      reviewOn: dateInput('The review date', { required: 'Enter the date the plan is to be reviewed by' }),
      ...Object.fromEntries(
        rowNumbers.flatMap(n => {
          const [title, owner, due] = rowFields(n)
          return [
            [title, typed],
            [owner, typed],
            [due, dateInput(`The date action ${String(n)} is due by`)],
          ]
        }),
      ),
    })
    .superRefine((value, ctx) => {
      if (value.startsAt && value.reviewOn && value.reviewOn < value.startsAt)
        ctx.addIssue({ code: 'custom', path: ['reviewOn'], message: REVIEW_AFTER_START })
      const rows = value as unknown as Record<string, string | null>
      for (const n of rowNumbers) {
        const [title, owner, due] = rowFields(n)
        if (!rows[title] && !rows[owner] && !rows[due]) continue
        if (!rows[title]) ctx.addIssue({ code: 'custom', path: [title], message: `Enter what action ${String(n)} is` })
        if (!/^(user|agency):[0-9a-f-]{36}$/.test(rows[owner] ?? ''))
          ctx.addIssue({ code: 'custom', path: [owner], message: `Choose who owns action ${String(n)}` })
        if (!rows[due])
          ctx.addIssue({ code: 'custom', path: [due], message: `Enter the date action ${String(n)} is due by` })
      }
    }),
  toInput: (value): PlanInput => {
    const rows = value as unknown as Record<string, string | null>
    const actions = rowNumbers.flatMap(n => {
      const [title, owner, due] = rowFields(n)
      if (!rows[title]) return []
      const [kind, id] = (rows[owner] ?? '').split(':')
      return [
        {
          title: rows[title],
          ...(kind === 'user' ? { ownerUserId: id } : { ownerAgencyId: id }),
          dueOn: rows[due] ?? '',
        },
      ]
    })
    return {
      childId: value.childId,
      kind: value.kind,
      summary: value.summary,
      ...(value.investigationImpact ? { investigationImpact: value.investigationImpact } : {}),
      startsAt: value.startsAt,
      reviewOn: value.reviewOn,
      actions,
    }
  },
})

/** The action rows as the page shows them, with what was typed. */
export function actionRows(values: FormValues, owners: readonly { value: string; text: string }[]) {
  return rowNumbers.map(n => {
    const [title, owner, due] = rowFields(n)
    return {
      n,
      title: { id: title, value: values[title] },
      owner: {
        id: owner,
        items: [
          { value: '', text: 'Choose who owns it' },
          ...owners.map(o => ({ ...o, selected: values[owner] === o.value })),
        ],
      },
      due: due,
    }
  })
}

export function planAnswers(
  childName: string,
  input: PlanInput,
  ownerName: (a: PlanInput['actions'][number]) => string,
): Answer[] {
  return [
    { key: 'Child', value: childName, field: 'childId' },
    { key: 'Kind of plan', value: PLAN_KINDS[input.kind], field: 'kind' },
    { key: 'What the plan is for', value: input.summary, field: 'summary' },
    ...(input.investigationImpact
      ? [{ key: 'Impact of the investigation ending', value: input.investigationImpact, field: 'investigationImpact' }]
      : []),
    { key: 'Starts', value: inWords(input.startsAt), field: 'startsAt' },
    { key: 'Review by', value: inWords(input.reviewOn), field: 'reviewOn' },
    {
      key: 'Actions',
      value: input.actions.length
        ? input.actions.map(a => `${a.title}: ${ownerName(a)}, by ${inWords(a.dueOn)}`)
        : 'None',
      field: 'x1Title',
    },
  ]
}

export const reviewForm = defineForm({
  fields: ['reviewedOn', 'outcome', 'continues', 'nextReviewOn', 'version'],
  dateInputs: ['reviewedOn', 'nextReviewOn'],
  anchors: { continues: 'continues' },
  conflict: { field: 'version' },
  schema: z
    .strictObject({
      version: z.coerce.number().int().positive('Send the version you read'),
      reviewedOn: dateInput('The date of the review', { required: 'Enter the date of the review' }),
      outcome: outcomeField,
      continues: z.enum(['yes', 'no'], 'Say whether the plan continues'),
      nextReviewOn: dateInput('The date of the next review'),
    })
    .superRefine((r, ctx) => {
      if (r.continues === 'yes' && !r.nextReviewOn)
        ctx.addIssue({ code: 'custom', path: ['nextReviewOn'], message: NEXT_REVIEW_NEEDED })
      else if (r.continues === 'yes' && r.nextReviewOn && r.reviewedOn && r.nextReviewOn <= r.reviewedOn)
        ctx.addIssue({ code: 'custom', path: ['nextReviewOn'], message: NEXT_REVIEW_AFTER })
    }),
  toInput: (r): ReviewInput => ({
    version: r.version,
    reviewedOn: r.reviewedOn,
    outcome: r.outcome,
    continues: r.continues === 'yes',
    ...(r.continues === 'yes' && r.nextReviewOn ? { nextReviewOn: r.nextReviewOn } : {}),
  }),
})

export function reviewAnswers(input: ReviewInput): Answer[] {
  return [
    { key: 'Date of the review', value: inWords(input.reviewedOn), field: 'reviewedOn' },
    { key: 'Outcome', value: input.outcome, field: 'outcome' },
    {
      key: 'Does the plan continue?',
      value: input.continues ? 'Yes' : 'No, the plan ends',
      field: 'continues',
    },
    ...(input.nextReviewOn
      ? [{ key: 'Next review by', value: inWords(input.nextReviewOn), field: 'nextReviewOn' }]
      : []),
  ]
}
