import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

const REFUSAL =
  'Only a practitioner who may change the person’s record, or who is on the case team, records a sharing decision'

/**
 * Decisions to share information or not. Who may record one depends on whom and which case it is about, named in
 * the body (or the form's query): the service checks it, as the access layer checks a single record.
 */
export const sharingActions = {
  'informationSharing.form': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: REFUSAL,
    // Audited by the page itself: the query names a person, a child or both.
  },
  'informationSharing.record': { audience: 'signedIn', roles: PRACTITIONERS, refusal: REFUSAL },
  'person.informationSharing': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'person', need: 'read' },
    auditRead: { objectType: 'person', id: 'id' },
  },
} as const satisfies Actions
