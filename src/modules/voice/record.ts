import { VIEW_STAGES } from '../../kernel/codes/families.ts'
import { londonDate as inWords } from '../../web/dates.ts'
import { urls } from '../../web/urls.ts'
import { casesTheyMayOpen } from '../cases/index.ts'
import type { RecordSection } from '../people/index.ts'
import { communicationInWords, viewsInWords } from './forms.ts'
import { childViewsAbout, type ChildView } from './service.ts'
import type { RecordViewsSection, ViewCard } from './views.ts'

/** A child's views as a card: the stage and the day as its title, then the words (or why not) and how. */
export function childViewCard(v: ChildView, more: { key: string; lines: string[] }[] = []): ViewCard {
  return {
    id: v.id,
    title: `${VIEW_STAGES[v.stage]}: ${inWords(v.givenAt)}`,
    rows: [
      { key: v.words ? 'In their own words' : 'Why not in their own words', lines: [viewsInWords(v)] },
      { key: 'How they communicate', lines: communicationInWords(v) },
      ...more,
      { key: 'Recorded by', lines: [v.recordedBy] },
    ],
  }
}

/** The voice module's part of the child's record: their views on each case the reader may open, newest first. */
export const voiceRecordSection: RecordSection<RecordViewsSection> = {
  template: 'voice/views/record-views.njk',
  load: async (db, actor, personId, now) => {
    const onCases = await db
      .selectFrom('childViews')
      .select('caseId')
      .distinct()
      .where('childId', '=', personId)
      .execute()
    const readable = await casesTheyMayOpen(
      db,
      actor,
      onCases.map(c => c.caseId),
      now,
    )
    const views = await childViewsAbout(db, personId, [...readable.keys()])
    return {
      personId,
      views: views.map(v => {
        const kase = readable.get(v.caseId)
        const reference = kase?.reference ?? ''
        return {
          ...childViewCard(v),
          caseHref: urls.caseViews(v.caseId),
          caseReference: reference,
        }
      }),
    }
  },
}
