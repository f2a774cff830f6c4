import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

export const safeguardsActions = {
  // The review behind the safeguards holds nobody's data: anyone signed in may read it, from a finding's link.
  'review.read': { audience: 'signedIn' },
  'review.list': { audience: 'signedIn' },
  // My tasks, or my agency's, narrowed to cases I may open (as the case list is). Titles never name a child.
  'tasks.list': { audience: 'signedIn', roles: PRACTITIONERS },
  // A case's tasks and open findings: read as the case is.
  'case.tasks': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'tasks', id: 'id' },
  },
  'case.findings': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'findings', id: 'id' },
  },
  // Each child's place on the pathway, with its findings: read as the case is.
  'case.pathway': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'pathway', id: 'id' },
  },
  // An agreed action's task, marked done by hand (a safeguard's task closes by itself).
  'task.completeForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'task', need: 'write' },
    auditRead: { objectType: 'task', id: 'id' },
  },
  'task.complete': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'task', need: 'write' },
    changesCase: true,
  },
} as const satisfies Actions

/** The chronology events the safeguards write. */
export const safeguardsEventKinds = {
  'task.done': 'Agreed action done',
} as const satisfies Record<string, string>
