import { urls } from '../../web/urls.ts'
import type { RecordSection } from '../people/index.ts'
import { personRiskFor } from './person-service.ts'
import type { PersonRiskSection } from './person-views.ts'

/**
 * The register's part of a person's record: when something is known that may mean they present a risk of sexual
 * harm, a short summary (in full only for a reader who may see the detail) and a link to their risk page.
 */
export const personRiskSection: RecordSection<PersonRiskSection> = {
  template: 'risk/views/person-record.njk',
  load: async (db, actor, personId, now) => {
    const risk = await personRiskFor(db, actor, personId, now)
    const href = urls.personRisk(personId)
    if (risk.access !== 'full')
      return {
        known: risk.somethingKnown,
        summary: [
          'Something is known that may mean they present a risk of sexual harm. Their risk page says whom to contact.',
        ],
        href,
      }
    const inForce = risk.civilOrders.filter(o => !o.expired).length
    const latest = risk.latestAssessment
    const summary = [
      ...(risk.offendingHistory.length
        ? [`Sexual-offending history: ${String(risk.offendingHistory.length)} recorded`]
        : []),
      ...(risk.civilOrders.length
        ? [`Civil orders: ${String(inForce)} in force of ${String(risk.civilOrders.length)}`]
        : []),
      ...(latest ? [`Latest risk assessment: ${latest.current ? 'current' : 'out of date'}`] : []),
      ...(risk.management.mappaCategory ? [`Managed under MAPPA category ${risk.management.mappaCategory}`] : []),
    ]
    return { known: risk.somethingKnown || risk.management.version > 0, summary, href }
  },
}
