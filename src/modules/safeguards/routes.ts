import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { NotFound } from '../../kernel/errors.ts'
import { render, view, type PageData } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { safeguardsCarrying, SAFEGUARDS, type SafeguardEntry } from './catalogue.ts'
import { REVIEW, REVIEW_ITEMS, REVIEW_KINDS, reviewItem, type ReviewItem, type ReviewKind } from './review.ts'

export interface ReviewPage extends PageData {
  review: typeof REVIEW
  groups: { kind: ReviewKind; heading: string; items: readonly ReviewItem[] }[]
  safeguards: readonly (SafeguardEntry & { sourceTitles: { code: string; title: string }[] })[]
}

export interface ReviewItemPage extends PageData {
  review: typeof REVIEW
  item: ReviewItem
  kindName: string
  safeguards: readonly SafeguardEntry[]
}

const reviewPage = view<ReviewPage>('safeguards/views/review.njk')
const reviewItemPage = view<ReviewItemPage>('safeguards/views/review-item.njk')

const safeguardOut = z.object({
  id: z.string(),
  rule: z.string(),
  severity: z.enum(['block', 'due', 'prompt']),
  when: z.string(),
})

const reviewItemOut = z.object({
  code: z.string(),
  kind: z.enum(['partners', 'national', 'practice', 'reflective']),
  title: z.string(),
  summary: z.array(z.string()),
  href: z.string(),
  safeguards: z.array(safeguardOut),
})

const withSafeguards = (item: ReviewItem) => ({
  ...item,
  summary: [...item.summary],
  href: urls.reviewItem(item.code),
  safeguards: safeguardsCarrying(item.code).map(({ id, rule, severity, when }) => ({ id, rule, severity, when })),
})

/** The review's pages, which every finding links to, and the same list for systems. */
export function safeguardsRoutes(app: FastifyInstance): void {
  app.get('/review', { config: { action: 'review.list' } }, (request, reply) =>
    render(request, reply, reviewPage, {
      title: 'The national review and Lantern’s safeguards',
      review: REVIEW,
      groups: (Object.keys(REVIEW_KINDS) as ReviewKind[]).map(kind => ({
        kind,
        heading: REVIEW_KINDS[kind],
        items: REVIEW_ITEMS.filter(item => item.kind === kind),
      })),
      safeguards: SAFEGUARDS.map(s => ({
        ...s,
        sourceTitles: s.sources.map(code => ({ code, title: reviewItem(code)?.title ?? code })),
      })),
    }),
  )

  app.get<{ Params: { code: string } }>('/review/:code', { config: { action: 'review.read' } }, (request, reply) => {
    const item = reviewItem(request.params.code)
    if (!item) throw new NotFound('review item')
    return render(request, reply, reviewItemPage, {
      title: `${item.code}: ${item.title}`,
      review: REVIEW,
      item,
      kindName: REVIEW_KINDS[item.kind],
      safeguards: safeguardsCarrying(item.code),
    })
  })

  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/review',
    {
      config: { action: 'review.list' },
      schema: {
        tags: ['safeguards'],
        summary:
          'The national review’s recommendations, practice issues and reflective questions, each with its code, our summary, its page in Lantern and the safeguards that carry it',
        response: { 200: z.array(reviewItemOut) },
      },
    },
    () => REVIEW_ITEMS.map(withSafeguards),
  )
}
