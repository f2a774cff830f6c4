import { PRACTITIONERS } from '../../kernel/roles.ts'
import { urls } from '../../web/urls.ts'
import { casesTheyMayOpen, relationshipToPerson } from '../cases/index.ts'
import type { RecordSection } from '../people/index.ts'
import { sharingRows } from './discussion-routes.ts'
import { sharingAbout } from './sharing-service.ts'
import type { SharingRecordSection } from './sharing-views.ts'

/**
 * The register's part of a person's (or a child's) record: every decision to share information about them, or
 * not to, newest first. Only for a reader who may see their full record; others get nothing, not even a count.
 */
export const sharingRecordSection: RecordSection<SharingRecordSection> = {
  template: 'risk/views/sharing-record.njk',
  load: async (db, actor, personId, now) => {
    const standing = await relationshipToPerson(db, actor, personId, now)
    if (standing !== 'full' && standing !== 'readOnly') return { decisions: [] }
    const decisions = await sharingAbout(db, personId)
    const caseIds = [...new Set(decisions.flatMap(d => (d.caseId ? [d.caseId] : [])))]
    const cases = await casesTheyMayOpen(db, actor, caseIds, now)
    const practitioner = actor.roles.some(r => (PRACTITIONERS as readonly string[]).includes(r))
    return {
      decisions: decisions.map(d => {
        const rows = sharingRows(d)
        const onCase = d.caseId ? cases.get(d.caseId) : undefined
        return {
          ...rows,
          rows: [
            ...rows.rows,
            ...(onCase ? [{ key: 'On case', lines: [onCase.reference] }] : []),
            { key: 'Recorded by', lines: [d.recordedBy] },
          ],
        }
      }),
      recordHref: standing === 'full' && practitioner ? urls.newInformationSharing({ personId }) : undefined,
    }
  },
}
