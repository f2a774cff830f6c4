// The audit log in words an auditor reads: each action a phrase in the past tense naming the record it touched
// ("read the chronology of {case}"), grouped into kinds of activity the audit page filters by. Names are filled in
// by whoever shows the rows (the cases module, which can name cases, people and, through composition, concerns).

/** Kinds of activity an auditor filters by, in the order the page offers them. */
export const ACTIVITY_GROUPS = {
  signIn: 'Signing in and out',
  search: 'Searches for people',
  personRead: 'Reading a person’s record',
  personChange: 'Changing a person’s record',
  caseRead: 'Reading a case',
  caseChange: 'Changing a case',
  breakGlass: 'Break-glass',
  concerns: 'Concerns and referrals',
  accounts: 'Accounts and agencies',
  audit: 'Reading the audit',
  other: 'Everything else',
} as const

export type ActivityGroup = keyof typeof ACTIVITY_GROUPS

/**
 * What each action did, with the record it names in braces: `{case}` is the row's case, `{person}` the person
 * (the child a concern was recorded about, else the row's object), `{user}`, `{agency}`, `{concern}` and
 * `{referral}` the row's object. An action not listed here is shown by its code.
 */
const PHRASES: Readonly<Record<string, readonly [ActivityGroup, string]>> = {
  'signIn.start': ['signIn', 'started signing in'],
  'signIn.password': ['signIn', 'entered their password to sign in'],
  'signIn.secondFactor': ['signIn', 'entered a security code to sign in'],
  'signIn.authenticatorEnrolled': ['signIn', 'set up an authenticator app'],
  'signIn.token': ['signIn', 'asked for an API token'],
  signOut: ['signIn', 'signed out'],
  'session.keepAlive': ['signIn', 'stayed signed in'],
  'invitation.accept': ['signIn', 'set their password from an invitation'],
  'invitation.issue': ['accounts', 'issued an invitation to {user}'],
  'account.changePassword': ['accounts', 'changed their password'],
  'me.read': ['accounts', 'read their own account'],
  'admin.users.list': ['accounts', 'read the list of users'],
  'admin.users.add': ['accounts', 'added the account of {user}'],
  'admin.users.disable': ['accounts', 'disabled the account of {user}'],
  'admin.agencies.list': ['accounts', 'read the list of agencies'],
  'admin.agencies.add': ['accounts', 'added the agency {agency}'],
  'agencies.list': ['accounts', 'read the list of agencies'],
  'accountChanges.list': ['accounts', 'read the accounts created'],
  'people.search': ['search', 'searched for people'],
  'register.read': ['search', 'read the register of people who present a risk of sexual harm'],
  'people.record': ['personChange', 'recorded {person}'],
  'person.read': ['personRead', 'read the record of {person}'],
  'person.riskPrompts': ['personRead', 'read who {person} lives with or sees who may present a risk of sexual harm'],
  'person.cases': ['personRead', 'read the cases of {person}'],
  'person.chronology': ['personRead', 'read the chronology across cases of {person}'],
  'person.concerns': ['personRead', 'read the concerns about {person}'],
  'person.correctForm': ['personRead', 'opened the form to correct the record of {person}'],
  'person.correct': ['personChange', 'corrected the record of {person}'],
  'person.relationshipForm': ['personRead', 'opened the form to add a relationship to {person}'],
  'person.addRelationship': ['personChange', 'added a family or household relationship to {person}'],
  'relationship.endForm': ['personRead', 'opened the form to end a family or household relationship'],
  'relationship.end': ['personChange', 'ended a family or household relationship'],
  'person.addressForm': ['personRead', 'opened the form to add an address for {person}'],
  'person.addAddress': ['personChange', 'added an address for {person}'],
  'person.endAddressForm': ['personRead', 'opened the form to end an address of {person}'],
  'person.endAddress': ['personChange', 'ended an address of {person} (they moved out)'],
  'person.offendingHistoryForm': ['personRead', 'opened the form to record offending history of {person}'],
  'person.recordOffendingHistory': ['personChange', 'recorded sexual-offending history of {person}'],
  'person.mergeForm': ['personRead', 'opened the form to merge the record of {person}'],
  'person.merge': ['personChange', 'merged the record of {person} into another'],
  'person.unmergeForm': ['personRead', 'opened the form to undo the merge of {person}'],
  'person.unmerge': ['personChange', 'undid the merge of the record of {person}'],
  'person.notDuplicateForm': ['personRead', 'opened the form to say {person} is not a duplicate'],
  'person.notDuplicate': ['personChange', 'said {person} is not the same person as another record'],
  // What is known about a person who may present a risk of sexual harm (issue 14).
  'risk.person': ['personRead', 'read what is known about the risk {person} may present'],
  'risk.civilOrderForm': ['personRead', 'opened the form to record a civil order of {person}'],
  'risk.recordCivilOrder': ['personChange', 'recorded a civil order of {person}'],
  'risk.assessmentForm': ['personRead', 'opened the form to record a risk assessment of {person}'],
  'risk.recordAssessment': ['personChange', 'recorded a risk assessment of {person}'],
  'risk.management': ['personRead', 'read how {person} is managed (MAPPA and contacts)'],
  'risk.managementForm': ['personRead', 'opened the form to change how {person} is managed'],
  'risk.changeManagement': ['personChange', 'changed how {person} is managed (MAPPA and contacts)'],
  'cases.openForm': ['caseRead', 'opened the form to open a case about {person}'],
  'cases.open': ['caseChange', 'opened {case}'],
  'cases.list': ['caseRead', 'read a list of cases'],
  'home.view': ['caseRead', 'read their home page'],
  'home.cases': ['caseRead', 'read their list of cases'],
  'case.read': ['caseRead', 'read {case}'],
  'case.chronology': ['caseRead', 'read the chronology of {case}'],
  'case.entryForm': ['caseRead', 'opened the form to add an entry to {case}'],
  'case.recordEntry': ['caseChange', 'added an entry to the chronology of {case}'],
  'case.entryVisibilityForm': ['caseRead', 'opened the form to change who can see an entry on {case}'],
  'case.entryVisibility': ['caseChange', 'changed who can see an entry on {case}'],
  'case.peopleForm': ['caseRead', 'opened the form to add a child or adult to {case}'],
  'case.addChild': ['caseChange', 'added a child to {case}'],
  'case.addAdult': ['caseChange', 'added an adult to {case}'],
  'case.removeChild': ['caseChange', 'removed a child from {case}'],
  'case.removeAdult': ['caseChange', 'removed an adult from {case}'],
  'case.addMember': ['caseChange', 'added to the team of {case}'],
  'case.removeMember': ['caseChange', 'removed someone from the team of {case}'],
  'case.changeLead': ['caseChange', 'changed the lead practitioner of {case}'],
  'case.leadForm': ['caseRead', 'opened the form to change the lead practitioner of {case}'],
  'case.people': ['caseRead', 'read the children and adults of {case}'],
  'case.team': ['caseRead', 'read the team of {case}'],
  'case.removeMemberForm': ['caseRead', 'opened the form to take someone off the team of {case}'],
  'case.closeForm': ['caseRead', 'opened the form to close {case}'],
  'case.close': ['caseChange', 'closed {case}'],
  'case.reopenForm': ['caseRead', 'opened the form to reopen {case}'],
  'case.reopen': ['caseChange', 'reopened {case}'],
  'case.linkEpisode': ['caseChange', 'linked an earlier episode to {case}'],
  'case.breakGlass': ['breakGlass', 'used break-glass to read {case}'],
  'case.audit': ['audit', 'read who has looked at {case}'],
  'audit.search': ['audit', 'read the audit log'],
  'audit.export': ['audit', 'downloaded the audit log'],
  'concerns.form': ['concerns', 'opened the form to record a concern about {person}'],
  'concerns.record': ['concerns', 'recorded a concern about {person}'],
  'concern.read': ['concerns', 'read {concern}'],
  'referrals.list': ['concerns', 'read the front door’s referrals'],
  'referral.read': ['concerns', 'read {referral}'],
  'referral.decide': ['concerns', 'decided {referral}'],
  'indicators.list': ['other', 'read the list of signs and indicators'],
  'notifications.list': ['other', 'read their notifications'],
  'notifications.read': ['other', 'marked a notification as read'],
  'notifications.readAll': ['other', 'marked all their notifications as read'],
  'partnership.lists': ['other', 'read the partnership’s lists'],
  'partnership.listsCsv': ['other', 'downloaded one of the partnership’s lists'],
  'partnership.policy': ['other', 'read the partnership’s settings'],
  'partnership.changePolicy': ['other', 'changed the partnership’s settings'],
  'review.list': ['other', 'read the national review and the safeguards'],
  'review.read': ['other', 'read an item of the national review'],
  'tasks.list': ['caseRead', 'read a list of tasks'],
  'case.tasks': ['caseRead', 'read the tasks and findings of {case}'],
  'case.findings': ['caseRead', 'read the open findings of {case}'],
  'case.pathway': ['caseRead', 'read the pathway of {case}'],
  'task.completeForm': ['caseRead', 'opened a task on {case} to mark it done'],
  'task.complete': ['caseChange', 'marked an agreed action done on {case}'],
  'strategy.list': ['caseRead', 'read the strategy discussions of {case}'],
  'strategy.read': ['caseRead', 'read a strategy discussion on {case}'],
  'strategy.form': ['caseRead', 'opened the form to record a strategy discussion on {case}'],
  'strategy.record': ['caseChange', 'recorded a strategy discussion on {case}'],
  'strategy.completeForm': ['caseRead', 'opened the form to complete a strategy discussion on {case}'],
  'strategy.complete': ['caseChange', 'completed a strategy discussion on {case}'],
  'investigations.list': ['caseRead', 'read the police investigations of {case}'],
  'investigation.read': ['caseRead', 'read a police investigation on {case}'],
  'investigations.openForm': ['caseRead', 'opened the form to record a police investigation on {case}'],
  'investigations.open': ['caseChange', 'recorded a police investigation on {case}'],
  'investigation.policeForm': ['caseRead', 'opened a form to record on a police investigation on {case}'],
  'investigation.chargingAdvice': ['caseChange', 'recorded early charging advice on {case}'],
  'investigation.chargingDecision': ['caseChange', 'recorded a charging decision on {case}'],
  'investigation.outcome': ['caseChange', 'recorded the outcome of a police investigation on {case}'],
  'abe.planForm': ['caseRead', 'opened the form to plan an ABE interview on {case}'],
  'abe.plan': ['caseChange', 'planned an ABE interview on {case}'],
  'abe.heldForm': ['caseRead', 'opened the form to record an ABE interview as held on {case}'],
  'abe.held': ['caseChange', 'recorded an ABE interview as held on {case}'],
  'case.enquiries': ['caseRead', 'read the enquiries, assessments and conferences of {case}'],
  'section47.form': ['caseRead', 'opened the form to start a section 47 enquiry on {case}'],
  'section47.start': ['caseChange', 'started a section 47 enquiry on {case}'],
  'section47.read': ['caseRead', 'read a section 47 enquiry on {case}'],
  'section47.complete': ['caseChange', 'completed a section 47 enquiry on {case}'],
  'assessment.form': ['caseRead', 'opened the form to start a child and family assessment on {case}'],
  'assessment.start': ['caseChange', 'started a child and family assessment on {case}'],
  'assessment.read': ['caseRead', 'read a child and family assessment on {case}'],
  'assessment.complete': ['caseChange', 'completed a child and family assessment on {case}'],
  'conference.form': ['caseRead', 'opened the form to record a child protection conference on {case}'],
  'conference.record': ['caseChange', 'recorded a child protection conference on {case}'],
  'case.conclusions': ['caseRead', 'read the conclusion discussions of {case}'],
  'conclusion.form': ['caseRead', 'opened the form to record a conclusion discussion on {case}'],
  'conclusion.record': ['caseChange', 'recorded a conclusion discussion on {case}'],
  'case.riskDiscussions': ['caseRead', 'read the risk discussions of {case}'],
  'riskDiscussion.form': ['caseRead', 'opened the form to record a risk discussion on {case}'],
  'riskDiscussion.record': ['caseChange', 'recorded a multi-agency risk discussion on {case}'],
  'informationSharing.form': ['personRead', 'opened the form to record a sharing decision about {person}'],
  'informationSharing.record': ['personChange', 'recorded a decision to share information, or not, about {person}'],
  'person.informationSharing': ['personRead', 'read the sharing decisions about {person}'],
  'case.health': ['caseRead', 'read the health pathways of {case}'],
  'case.healthReferrals': ['caseRead', 'read the health pathway decisions of {case}'],
  'case.healthDecisionForm': ['caseRead', 'opened the form to record a health pathway decision on {case}'],
  'case.recordHealthDecision': ['caseChange', 'recorded a health pathway decision on {case}'],
  'healthReferral.referredForm': ['caseRead', 'opened the form to record a health referral'],
  'healthReferral.recordReferred': ['caseChange', 'recorded a health referral on {case}'],
  'healthReferral.seenForm': ['caseRead', 'opened the form to record when a child was seen for health'],
  'healthReferral.recordSeen': ['caseChange', 'recorded when a child was seen for health on {case}'],
  'healthReferral.outcomeForm': ['caseRead', 'opened the form to record a health outcome'],
  'healthReferral.recordOutcome': ['caseChange', 'recorded a health outcome on {case}'],
  'healthPathways.list': ['other', 'read the local health pathways'],
  'healthPathways.read': ['other', 'read a local health pathway'],
  'healthPathways.add': ['other', 'added a local health pathway'],
  'healthPathways.change': ['other', 'changed a local health pathway'],
  'healthPathways.withdraw': ['other', 'withdrew a local health pathway'],
  // Manager approvals.
  'approvals.list': ['caseRead', 'read their list of approvals'],
  'approval.read': ['caseRead', 'read a request for a manager’s approval on {case}'],
  'approval.askForm': ['caseRead', 'opened the form to ask a manager’s approval on {case}'],
  'approval.ask': ['caseChange', 'asked a manager’s approval on {case}'],
  'approval.decideForm': ['caseRead', 'opened the form to decide a request for approval on {case}'],
  'approval.approve': ['caseChange', 'approved a request on {case}'],
  'approval.return': ['caseChange', 'returned a request on {case}'],
  // Plans (issue 13).
  'case.plans': ['caseRead', 'read the plans of {case}'],
  'plan.form': ['caseRead', 'opened the form to draft a plan on {case}'],
  'plan.draft': ['caseChange', 'drafted a plan on {case}'],
  'plan.read': ['caseRead', 'read a plan on {case}'],
  'plan.agreeForm': ['caseRead', 'opened the page to agree a plan on {case}'],
  'plan.agree': ['caseChange', 'agreed a plan on {case}'],
  'plan.reviewForm': ['caseRead', 'opened the form to review a plan on {case}'],
  'plan.review': ['caseChange', 'reviewed a plan on {case}'],
  // Telling the family and letters (issue 13).
  'case.family': ['caseRead', 'read the updates and letters to the family of {case}'],
  'family.updateForm': ['caseRead', 'opened the form to record an update to the family on {case}'],
  'family.update': ['caseChange', 'recorded an update to the family on {case}'],
  'letter.form': ['caseRead', 'opened the form to make a letter on {case}'],
  'letter.make': ['caseChange', 'made a letter to the family on {case}'],
  'letter.read': ['caseRead', 'read a letter to the family on {case}'],
  'letter.pdf': ['caseRead', 'read a letter to the family as PDF on {case}'],
  'letter.edit': ['caseChange', 'edited a letter to the family on {case}'],
  'letter.sendForm': ['caseRead', 'opened the form to send a letter on {case}'],
  'letter.send': ['caseChange', 'sent a letter to the family on {case}'],
  // The child's voice and the parent's or carer's views (voice).
  'case.views': ['caseRead', 'read the views of the children and their parents or carers on {case}'],
  'childView.form': ['caseRead', "opened the form to record a child's views on {case}"],
  'childView.record': ['caseChange', "recorded a child's views on {case}"],
  'parentView.form': ['caseRead', 'opened the form to record a parent’s or carer’s views on {case}'],
  'parentView.record': ['caseChange', 'recorded a parent’s or carer’s views on {case}'],
}

/** Whether the log has words for an action (every action the app declares must). */
export function phraseKnown(action: string): boolean {
  return Object.hasOwn(PHRASES, action)
}

/** The actions in a group, for the query; "everything else" also holds any action not listed. */
export function actionsIn(group: ActivityGroup): string[] {
  return Object.entries(PHRASES)
    .filter(([, [g]]) => g === group)
    .map(([action]) => action)
}

/** Every action the phrases know, so "everything else" can be asked as "none of these". */
export function knownActions(): string[] {
  return Object.keys(PHRASES)
}

export type RecordKind = 'case' | 'person' | 'user' | 'agency' | 'concern' | 'referral'

const KINDS: readonly RecordKind[] = ['case', 'person', 'user', 'agency', 'concern', 'referral']

/** What a row holds, as the log has it. */
export interface LoggedRow {
  action: string
  outcome: string
  objectType: string | null
  objectId: string | null
  caseId: string | null
  detail: unknown
}

/** The record of each kind a row names, by id: `{case}` reads the row's case, the others its object. */
export function recordsNamed(row: LoggedRow): { kind: RecordKind; id: string }[] {
  const phrase = phraseOf(row)
  const named: { kind: RecordKind; id: string }[] = []
  for (const kind of KINDS) {
    if (!phrase.includes(`{${kind}}`)) continue
    const id = idFor(row, kind)
    if (id) named.push({ kind, id })
  }
  return named
}

function idFor(row: LoggedRow, kind: RecordKind): string | null {
  if (kind === 'case') return row.caseId
  if (kind === 'person') {
    const child = detailOf(row).childId
    return typeof child === 'string' ? child : row.objectId
  }
  return row.objectId
}

function detailOf(row: LoggedRow): Record<string, unknown> {
  return row.detail && typeof row.detail === 'object' ? (row.detail as Record<string, unknown>) : {}
}

function phraseOf(row: LoggedRow): string {
  // Reading the audit of one case is asked of the API as the log with a case id.
  if (row.action === 'audit.search' && row.caseId) return 'read who has looked at {case}'
  return PHRASES[row.action]?.[1] ?? row.action
}

/** How a record with no name found reads: deleted, another partnership's, or never known. */
const UNNAMED: Readonly<Record<RecordKind, string>> = {
  case: 'a case',
  person: 'a person',
  user: 'an account',
  agency: 'an agency',
  concern: 'a concern',
  referral: 'a referral',
}

/** The names a page found for the records its rows name, by kind and id. */
export type RecordNames = ReadonlyMap<string, string>

export const nameKey = (kind: RecordKind, id: string) => `${kind}:${id}`

/** A search's terms in words: “Ada Example” born 6 June 2016, NHS number 943 476 5919. */
function searchText(row: LoggedRow, day: (iso: string) => string): string {
  const detail = detailOf(row)
  const terms = (detail.terms ?? {}) as Record<string, unknown>
  const parts: string[] = []
  for (const [key, value] of Object.entries(terms)) {
    if (typeof value !== 'string' || !value) continue
    if (key === 'dateOfBirth' && /^\d{4}-\d{2}-\d{2}$/.test(value)) parts.push(`born ${day(value)}`)
    else if (key === 'nhsNumber') parts.push(`NHS number ${value}`)
    else parts.push(`“${value}”`)
  }
  const found = Array.isArray(detail.resultIds) ? detail.resultIds.length : undefined
  const foundText = found === undefined ? '' : found === 1 ? ' (found 1 person)' : ` (found ${String(found)} people)`
  return `searched for ${parts.length ? parts.join(', ') : 'people'}${foundText}`
}

/**
 * A row in plain English, outcome first when it was not done: "Read the chronology of case NS-2026-00012 (Ada
 * Example-Brown)", "Refused: changed the lead practitioner of case NS-2026-00012 (…)". `day` writes a date.
 */
export function describeRow(row: LoggedRow, names: RecordNames, day: (iso: string) => string): string {
  const text =
    row.action === 'people.search'
      ? searchText(row, day)
      : phraseOf(row).replace(/\{(case|person|user|agency|concern|referral)\}/g, (_, kind: RecordKind) => {
          const id = idFor(row, kind)
          return (id && names.get(nameKey(kind, id))) ?? UNNAMED[kind]
        })
  if (row.outcome === 'denied') return `Refused: ${text}`
  if (row.outcome === 'failed') return `Failed: ${text}`
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The outcome as a word. */
export function outcomeText(outcome: string): string {
  return outcome === 'ok' ? 'Done' : outcome === 'denied' ? 'Refused' : outcome === 'failed' ? 'Failed' : outcome
}

export const OUTCOMES = { ok: 'Done', denied: 'Refused', failed: 'Failed' } as const
