import { pageHref } from './pagination.ts'

// Every page's address, built in one place: routes redirect to these and templates link to them (`urls` is
// given to every page), so an address changes here and nowhere else. Route patterns (`/cases/:id`) stay beside
// their handlers, where Fastify reads them. A query value left empty is left out.

type Query = Readonly<Record<string, string | undefined>>

const at = (path: string, query: Query = {}) => pageHref(path, query)
const id = (value: string) => encodeURIComponent(value)

export const urls = {
  home: (query?: Query) => at('/', query),
  signIn: (query?: Query) => at('/sign-in', query),
  securityCode: (query?: Query) => at('/sign-in/security-code', query),
  setUpAuthenticator: (query?: Query) => at('/sign-in/set-up-authenticator', query),
  signOut: () => '/sign-out',
  keepSignedIn: () => '/session/keep-alive',
  invitation: (token: string) => `/invitation/${id(token)}`,
  changePassword: (query?: Query) => at('/account/password', query),

  accessibility: () => '/accessibility',
  privacy: () => '/privacy',
  cookies: () => '/cookies',
  help: () => '/help',
  review: () => '/review',
  reviewItem: (code: string) => `/review/${id(code)}`,

  users: (query?: Query) => at('/admin/users', query),
  newUser: () => '/admin/users/new',
  disableUser: (userId: string) => `/admin/users/${id(userId)}/disable`,
  agencies: (query?: Query) => at('/admin/agencies', query),
  newAgency: () => '/admin/agencies/new',
  accountChanges: () => '/partnership/accounts',
  partnershipLists: (query?: Query) => at('/partnership/lists', query),
  partnershipPolicy: (query?: Query) => at('/partnership/policy', query),
  partnershipSetting: (name: string) => `/partnership/policy/${id(name)}`,
  partnershipListCsv: (list: string, query?: Query) => at(`/partnership/lists/${id(list)}.csv`, query),

  people: (query?: Query) => at('/people', query),
  newPerson: () => '/people/new',
  person: (personId: string, query?: Query) => at(`/people/${id(personId)}`, query),
  personChronology: (personId: string, query?: Query) => at(`/people/${id(personId)}/chronology`, query),
  correctPerson: (personId: string) => `/people/${id(personId)}/edit`,
  newOffendingHistory: (personId: string) => `/people/${id(personId)}/offending-history/new`,
  offendingHistory: (personId: string) => `/people/${id(personId)}/offending-history`,
  newRelationship: (personId: string, query?: Query) => at(`/people/${id(personId)}/relationships/new`, query),
  relationships: (personId: string) => `/people/${id(personId)}/relationships`,
  endRelationship: (relationshipId: string, query?: Query) => at(`/relationships/${id(relationshipId)}/end`, query),
  mergePerson: (personId: string, query?: Query) => at(`/people/${id(personId)}/merge`, query),
  notDuplicate: (personId: string, query?: Query) => at(`/people/${id(personId)}/not-duplicate`, query),
  unmergePerson: (personId: string) => `/people/${id(personId)}/unmerge`,
  newAddress: (personId: string) => `/people/${id(personId)}/addresses/new`,
  addresses: (personId: string) => `/people/${id(personId)}/addresses`,
  endAddress: (personId: string, addressId: string) => `/people/${id(personId)}/addresses/${id(addressId)}/end`,

  newCase: (childId: string) => at('/cases/new', { childId }),
  cases: (query?: Query) => at('/cases', query),
  case: (caseId: string, query?: Query) => at(`/cases/${id(caseId)}`, query),
  caseTasks: (caseId: string, query?: Query) => at(`/cases/${id(caseId)}/tasks`, query),
  tasks: (query?: Query) => at('/tasks', query),
  closeCase: (caseId: string) => `/cases/${id(caseId)}/close`,
  casePeople: (caseId: string, query?: Query) => at(`/cases/${id(caseId)}/people`, query),
  caseTeam: (caseId: string, query?: Query) => at(`/cases/${id(caseId)}/team`, query),
  breakGlass: (caseId: string) => `/cases/${id(caseId)}/break-glass`,
  caseMembers: (caseId: string) => `/cases/${id(caseId)}/members`,
  removeMember: (caseId: string, memberId: string) => `/cases/${id(caseId)}/members/${id(memberId)}/remove`,
  caseLead: (caseId: string) => `/cases/${id(caseId)}/lead`,
  addChild: (caseId: string) => `/cases/${id(caseId)}/children/new`,
  caseChildren: (caseId: string) => `/cases/${id(caseId)}/children`,
  removeChild: (caseId: string, personId: string) => `/cases/${id(caseId)}/children/${id(personId)}/remove`,
  addAdult: (caseId: string) => `/cases/${id(caseId)}/adults/new`,
  caseAdults: (caseId: string) => `/cases/${id(caseId)}/adults`,
  removeAdult: (caseId: string, personId: string) => `/cases/${id(caseId)}/adults/${id(personId)}/remove`,
  reopenCase: (caseId: string) => `/cases/${id(caseId)}/reopen`,
  caseEpisodes: (caseId: string) => `/cases/${id(caseId)}/episodes`,
  chronology: (caseId: string, query?: Query) => at(`/cases/${id(caseId)}/chronology`, query),
  newEntry: (caseId: string) => `/cases/${id(caseId)}/chronology/new`,
  entryVisibility: (caseId: string, eventId: string) => `/cases/${id(caseId)}/chronology/${id(eventId)}/visibility`,
  caseAudit: (caseId: string, query?: Query) => at(`/cases/${id(caseId)}/audit`, query),
  audit: (query?: Query) => at('/audit', query),
  auditCsv: (query?: Query) => at('/audit.csv', query),

  newConcern: (childId: string) => at('/concerns/new', { childId }),
  concerns: () => '/concerns',
  concern: (concernId: string, query?: Query) => at(`/concerns/${id(concernId)}`, query),
  frontDoor: () => '/front-door',
  referral: (referralId: string) => `/referrals/${id(referralId)}`,
  referralDecision: (referralId: string) => `/referrals/${id(referralId)}/decision`,

  notifications: (query?: Query) => at('/notifications', query),
  readNotification: (notificationId: string) => `/notifications/${id(notificationId)}/read`,
  readAllNotifications: () => '/notifications/read',

  caseHealth: (caseId: string, query?: Query) => at(`/cases/${id(caseId)}/health`, query),
  healthDecision: (caseId: string, query?: Query) => at(`/cases/${id(caseId)}/health/decision`, query),
  healthReferred: (decisionId: string) => `/health-referrals/${id(decisionId)}/referred`,
  healthSeen: (decisionId: string) => `/health-referrals/${id(decisionId)}/seen`,
  healthOutcome: (decisionId: string) => `/health-referrals/${id(decisionId)}/outcome`,
  healthPathways: (query?: Query) => at('/partnership/health-pathways', query),
  newHealthPathway: () => '/partnership/health-pathways/new',
  healthPathway: (pathwayId: string) => `/partnership/health-pathways/${id(pathwayId)}`,
  withdrawHealthPathway: (pathwayId: string) => `/partnership/health-pathways/${id(pathwayId)}/withdraw`,
} as const

export type Urls = typeof urls
