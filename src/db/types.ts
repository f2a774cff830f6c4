import type { ColumnType, Generated, Selectable } from 'kysely'
import type { AccountChangeKind, AgencyKind } from '../kernel/roles.ts'
import type { CaseAdultRole, CaseChildRole, CaseStatus, Visibility } from '../kernel/codes/cases.ts'
import type { Disclosure, ReferralDecision } from '../kernel/codes/concerns.ts'
import type { NotificationKind } from '../kernel/codes/notifications.ts'
import type { OffendingKind, RelationshipKind, Sex } from '../kernel/codes/people.ts'
import type { HealthDecision, PathwayKind } from '../kernel/codes/health.ts'
import type { TaskStatusCode } from '../kernel/codes/safeguards.ts'
import type { AbuseCategory } from '../kernel/codes/cases.ts'
import type { ConferenceKind, Section47Outcome } from '../kernel/codes/enquiries.ts'
import type {
  ChargingDecider,
  ChargingDecision,
  OutcomeCode,
  OutcomeKind,
  SpecialMeasure,
  Willingness,
} from '../kernel/codes/investigations.ts'
import type {
  ApprovalKind,
  ApprovalStatus,
  CommunicationMethod,
  LetterAudience,
  LetterStatus,
  NoWordsReason,
  PlanKind,
  PlanStatus,
  UpdateMethod,
  UpdateTopic,
  ViewStage,
} from '../kernel/codes/families.ts'
import type {
  CivilOrderKind,
  LawfulBasis,
  MappaCategory,
  MappaLevel,
  RegistrationPeriod,
  RiskLevel,
  RiskTool,
} from '../kernel/codes/risk.ts'

// Table shapes as Kysely sees them (camelCase through CamelCasePlugin). Migrations are the source of truth, and
// schema-matches-types.http.test.ts holds these to them. The values a CHECK allows are the owning module's, taken
// type-only from its code list in src/kernel/codes/ (the kernel, so the database types import nothing above it).

type Timestamp = ColumnType<Date, Date | string, Date | string>
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface PartnershipTable {
  partnershipId: Generated<string>
  name: string
  code: string
  createdAt: DefaultedTimestamp
}

export interface AgencyTable {
  partnershipId: string
  id: Generated<string>
  name: string
  kind: AgencyKind
  createdAt: DefaultedTimestamp
  version: Generated<number>
}

export interface UserTable {
  partnershipId: string
  id: Generated<string>
  agencyId: string
  email: string
  displayName: string
  /** Null until the person sets one through their invitation. */
  passwordHash: string | null
  roles: string[]
  csaClinicalExperience: Generated<boolean>
  totpSecret: string | null
  totpEnrolledAt: Timestamp | null
  totpLastStep: number | null
  mfaExempt: Generated<boolean>
  failedSignIns: Generated<number>
  lockedUntil: Timestamp | null
  disabledAt: Timestamp | null
  createdAt: DefaultedTimestamp
  version: Generated<number>
}

export interface SessionTable {
  partnershipId: string
  idHash: string
  userId: string
  createdAt: Timestamp
  lastSeenAt: Timestamp
  mfaVerifiedAt: Timestamp | null
  endedAt: Timestamp | null
  endedReason: string | null
}

export interface ApiTokenTable {
  partnershipId: string
  id: Generated<string>
  userId: string
  tokenHash: string
  label: string
  createdAt: DefaultedTimestamp
  expiresAt: Timestamp | null
  revokedAt: Timestamp | null
}

export interface AuditLogTable {
  partnershipId: string
  seq: number
  at: Timestamp
  userId: string | null
  agencyId: string | null
  action: string
  outcome: string
  objectType: string | null
  objectId: string | null
  caseId: string | null
  ip: string | null
  detail: unknown
  hash: string
}

export interface AuditChainTable {
  partnershipId: string
  lastSeq: number
  lastHash: string
}

export interface SchemaMigrationTable {
  name: string
  appliedAt: DefaultedTimestamp
}

export interface ServiceKeyTable {
  name: string
  value: string
}

export interface PersonTable {
  partnershipId: string
  id: Generated<string>
  givenName: string
  familyName: string
  otherNames: Generated<string[]>
  dateOfBirth: string | null
  dateOfBirthEstimated: Generated<boolean>
  sex: Sex
  ethnicity: string | null
  firstLanguage: string | null
  interpreterNeeded: Generated<boolean>
  communicationNeeds: string | null
  disabilities: Generated<string[]>
  nhsNumber: string | null
  uniquePupilNumber: string | null
  searchName: string
  recordedByAgencyId: string
  recordedByUserId: string
  createdAt: Timestamp
  updatedAt: Timestamp
  version: Generated<number>
  /** The record this one was merged into: it keeps its id and answers, pointing there. */
  mergedIntoId: string | null
  mergedAt: Timestamp | null
}

export interface PersonVersionTable {
  partnershipId: string
  personId: string
  version: number
  snapshot: unknown
  changedByUserId: string
  changedAt: Timestamp
}

export interface RelationshipTable {
  partnershipId: string
  id: Generated<string>
  personId: string
  otherPersonId: string
  kind: RelationshipKind
  livesWith: boolean
  hasContact: boolean
  recordedByUserId: string
  createdAt: Timestamp
  /** Null where it was recorded before relationships had dates, or the start is not known. */
  startedOn: string | null
  endedOn: string | null
  endedReason: string | null
  endedByUserId: string | null
  endedAt: Timestamp | null
  version: Generated<number>
}

/** Where a person lives or lived; a confidential one only its named readers may read. */
export interface PersonAddressTable {
  partnershipId: string
  id: Generated<string>
  personId: string
  line1: string
  line2: string | null
  town: string | null
  postcode: string | null
  startedOn: string
  /** Null while they still live there. */
  endedOn: string | null
  confidential: Generated<boolean>
  /** The users who may read a confidential address (the recorder always among them); empty otherwise. */
  readers: Generated<string[]>
  recordedByUserId: string
  recordedByAgencyId: string
  recordedAt: Timestamp
  endedByUserId: string | null
  endedAt: Timestamp | null
  version: Generated<number>
}

export interface CaseTable {
  partnershipId: string
  id: Generated<string>
  reference: string
  title: string
  status: Generated<CaseStatus>
  leadUserId: string
  openedAt: Timestamp
  openedByUserId: string
  closedAt: Timestamp | null
  closedReason: string | null
  version: Generated<number>
  referralId: string | null
}

export interface Database {
  offendingHistory: {
    partnershipId: string
    id: Generated<string>
    personId: string
    kind: OffendingKind
    date: string
    description: string
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
    /** The agency the information came from (migration 0039). */
    sourceAgencyId: string
    /** When a registration's notification requirements, or an order, end. */
    endsOn: string | null
    /** A registration's period; null for every other kind. */
    registrationPeriod: RegistrationPeriod | null
  }
  concerns: {
    partnershipId: string
    id: Generated<string>
    childId: string
    caseId: string | null
    description: string
    childWords: string | null
    indicators: Generated<string[]>
    disclosure: Disclosure
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
  }
  referrals: {
    partnershipId: string
    id: Generated<string>
    concernId: string
    childId: string
    receivedAt: Timestamp
    decisionDueAt: Timestamp
    decision: ReferralDecision | null
    rationale: string | null
    decidedAt: Timestamp | null
    decidedByUserId: string | null
    version: Generated<number>
  }
  caseReferenceCounters: { partnershipId: string; year: number; lastNumber: number }
  cases: CaseTable
  caseChildren: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    personId: string
    status: Generated<CaseStatus>
    role: Generated<CaseChildRole>
    addedAt: Timestamp
    addedByUserId: string | null
    addedReason: string | null
    removedAt: Timestamp | null
    removedReason: string | null
    removedByUserId: string | null
  }
  caseAdults: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    personId: string
    role: CaseAdultRole
    addedAt: Timestamp
    addedByUserId: string | null
    addedReason: string | null
    removedAt: Timestamp | null
    removedReason: string | null
    removedByUserId: string | null
  }
  caseEpisodeLinks: {
    partnershipId: string
    caseId: string
    earlierCaseId: string
    linkedAt: Timestamp
    linkedByUserId: string
  }
  caseTeam: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    userId: string | null
    agencyId: string | null
    addedAt: Timestamp
    addedByUserId: string
    removedAt: Timestamp | null
    removedByUserId: string | null
  }
  chronologyEvents: {
    partnershipId: string
    id: Generated<number>
    publicId: Generated<string>
    caseId: string
    childId: string | null
    occurredAt: Timestamp
    recordedAt: Timestamp
    agencyId: string
    userId: string
    kind: string
    summary: string
    visibility: Generated<Visibility>
    sealedFor: Generated<string[]>
  }
  idempotencyKeys: {
    partnershipId: string
    userId: string
    key: string
    method: string
    route: string
    bodyHash: string
    status: number | null
    location: string | null
    response: string | null
    createdAt: Timestamp
  }
  breakGlass: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    userId: string
    reason: string
    grantedAt: Timestamp
    expiresAt: Timestamp
  }
  people: PersonTable
  personVersions: PersonVersionTable
  relationships: RelationshipTable
  personAddresses: PersonAddressTable
  /** Pairs a practitioner said are not the same person, the lower id first. */
  personNotDuplicates: {
    partnershipId: string
    personId: string
    otherPersonId: string
    recordedByUserId: string
    recordedAt: Timestamp
  }
  /** Each merge of one person's record into another's, with every row it moved. */
  personMerges: {
    partnershipId: string
    id: Generated<string>
    fromPersonId: string
    intoPersonId: string
    reason: string
    moved: unknown
    mergedByUserId: string
    mergedAt: Timestamp
    undoneAt: Timestamp | null
    undoneByUserId: string | null
    undoneReason: string | null
  }
  serviceKeys: ServiceKeyTable
  partnerships: PartnershipTable
  agencies: AgencyTable
  users: UserTable
  sessions: SessionTable
  apiTokens: ApiTokenTable
  invitations: {
    partnershipId: string
    id: Generated<string>
    userId: string
    tokenHash: string
    createdAt: Timestamp
    expiresAt: Timestamp
    usedAt: Timestamp | null
    withdrawnAt: Timestamp | null
  }
  accountChanges: {
    partnershipId: string
    id: Generated<string>
    userId: string
    kind: AccountChangeKind
    roles: string[]
    byUserId: string | null
    at: Timestamp
  }
  auditLog: AuditLogTable
  auditChain: AuditChainTable
  schemaMigrations: SchemaMigrationTable
  notifications: {
    partnershipId: string
    id: Generated<string>
    userId: string
    kind: NotificationKind
    text: string
    link: string
    createdAt: Timestamp
    readAt: Timestamp | null
    emailedAt: Timestamp | null
    emailAttempts: Generated<number>
    emailNextAt: Timestamp
  }
  partnershipPolicy: {
    partnershipId: string
    name: string
    value: number
    changedAt: Timestamp
    changedByUserId: string | null
    /** How many times the setting was changed (migration 0026). */
    version: Generated<number>
  }
  /** Tasks (migration 0027): what someone must do on a case by when; safeguards open and close most of them. */
  tasks: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    childId: string | null
    safeguard: string | null
    key: string
    title: string
    ownerUserId: string | null
    ownerAgencyId: string | null
    dueAt: Timestamp
    status: TaskStatusCode
    createdAt: Timestamp
    doneAt: Timestamp | null
    doneByUserId: string | null
    overdueAt: Timestamp | null
    escalateAt: Timestamp | null
    escalatedAt: Timestamp | null
    version: Generated<number>
  }
  /** Strategy discussions (migration 0029): what the agencies decided together, a draft until completed. */
  strategyDiscussions: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    heldAt: Timestamp
    categories: AbuseCategory[]
    informationShared: string
    section47: boolean
    policeInvestigation: boolean
    abeInterview: boolean
    healthAssessment: boolean
    immediateProtection: boolean
    rationale: string
    healthConsultantName: string | null
    healthConsultantRole: string | null
    healthConsultedAt: Timestamp | null
    healthAdvice: string | null
    recordedAt: Timestamp
    recordedByUserId: string
    recordedByAgencyId: string
    completedAt: Timestamp | null
    completedByUserId: string | null
    version: Generated<number>
  }
  /** The children a strategy discussion was about (migration 0029). */
  strategyDiscussionChildren: {
    partnershipId: string
    discussionId: string
    childId: string
  }
  /** Who took part in a strategy discussion (migration 0029). */
  strategyAttendees: {
    partnershipId: string
    id: Generated<string>
    discussionId: string
    position: number
    name: string
    agencyKind: AgencyKind
    role: string
    csaClinicalExperience: boolean
  }
  /** The actions a strategy discussion agreed (migration 0029): each becomes a task for its owner. */
  strategyActions: {
    partnershipId: string
    id: Generated<string>
    discussionId: string
    position: number
    title: string
    childId: string | null
    ownerUserId: string | null
    ownerAgencyId: string | null
    dueOn: string
  }
  /** Police investigations (migration 0032): charging advice and decision, and the outcome, set once. */
  investigations: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    crimeReference: string
    openedAt: Timestamp
    officerUserId: string | null
    officerAgencyId: string
    offences: string
    chargingAdviceSoughtAt: Timestamp | null
    chargingAdviceOutcomeAt: Timestamp | null
    chargingAdvice: string | null
    chargingDecidedAt: Timestamp | null
    chargingDecision: ChargingDecision | null
    chargingDecidedBy: ChargingDecider | null
    outcomeKind: OutcomeKind | null
    outcomeCode: OutcomeCode | null
    outcomeRationale: string | null
    outcomeDecidedAt: Timestamp | null
    outcomeRecordedAt: Timestamp | null
    outcomeRecordedByUserId: string | null
    recordedAt: Timestamp
    recordedByUserId: string
    version: Generated<number>
  }
  investigationChildren: { partnershipId: string; investigationId: string; childId: string }
  investigationSuspects: { partnershipId: string; investigationId: string; personId: string }
  investigationOutcomeAgencies: { partnershipId: string; investigationId: string; agencyId: string }
  /** Video-recorded (ABE) interviews (migration 0032): planned, then held or not. */
  abeInterviews: {
    partnershipId: string
    id: Generated<string>
    investigationId: string
    caseId: string
    childId: string
    plannedAt: Timestamp
    leadName: string
    leadRole: string
    leadAgencyId: string
    leadHasJointTraining: boolean
    intermediary: boolean
    intermediaryName: string | null
    specialMeasures: Generated<SpecialMeasure[]>
    childInformedAt: Timestamp | null
    informedByName: string | null
    informedByRole: string | null
    willingness: Willingness | null
    toldDecliningHarms: boolean | null
    heldAt: Timestamp | null
    notHeldReason: string | null
    recordedAt: Timestamp
    recordedByUserId: string
    version: Generated<number>
  }
  /** Section 47 enquiries (migration 0030): one child's enquiry on a case, completed once with an outcome. */
  section47Enquiries: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    childId: string
    startedOn: string
    category: AbuseCategory
    completedOn: string | null
    outcome: Section47Outcome | null
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
    completedByUserId: string | null
    completedAt: Timestamp | null
    version: Generated<number>
  }
  /** Child and family assessments (migration 0030): one child's assessment, completed once with a summary. */
  assessments: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    childId: string
    startedOn: string
    completedOn: string | null
    summary: string | null
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
    completedByUserId: string | null
    completedAt: Timestamp | null
    version: Generated<number>
  }
  /** Child protection conferences (migration 0030): initial or review, for one child, with the plan's category. */
  conferences: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    childId: string
    kind: ConferenceKind
    heldOn: string
    planMade: boolean
    category: AbuseCategory | null
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
  }
  /** Conclusion discussions (migration 0031): risk, protection and support, after an enquiry or investigation. */
  conclusionDiscussions: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    heldOn: string
    riskConsidered: string
    protection: string
    support: string
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
  }
  conclusionDiscussionChildren: {
    partnershipId: string
    discussionId: string
    childId: string
  }
  conclusionAttendees: {
    partnershipId: string
    discussionId: string
    position: number
    name: string
    agencyKind: AgencyKind
    role: string
  }
  /** Civil orders on a person (migration 0040): a Sexual Harm Prevention Order, a Sexual Risk Order, another. */
  civilOrders: {
    partnershipId: string
    id: Generated<string>
    personId: string
    kind: CivilOrderKind
    otherKind: string | null
    startsOn: string
    expiresOn: string | null
    prohibitions: string
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
  }
  /** Risk assessments of a person (migration 0040): a history, never overwritten. */
  riskAssessments: {
    partnershipId: string
    id: Generated<string>
    personId: string
    tool: RiskTool
    toolName: string | null
    assessedOn: string
    assessorAgencyId: string
    level: RiskLevel
    summary: string
    nextReviewOn: string
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
  }
  /** How a person is managed (migration 0040): MAPPA, the probation single point of contact, the police lead. */
  riskManagement: {
    partnershipId: string
    personId: string
    mappaCategory: MappaCategory | null
    mappaLevel: MappaLevel | null
    probationContactUserId: string | null
    policeLeadUserId: string | null
    version: Generated<number>
    updatedByUserId: string
    updatedByAgencyId: string
    updatedAt: Timestamp
  }
  /** The multi-agency discussion about a person on a case (migration 0040): what clears SG-08. */
  riskDiscussions: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    personId: string
    heldAt: Timestamp
    summary: string
    civilOrderConsidered: boolean
    civilOrderReason: string
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
  }
  riskDiscussionAttendees: {
    partnershipId: string
    discussionId: string
    position: number
    name: string
    agencyKind: AgencyKind
    role: string
  }
  /** Each decision to share information about a person or a child, or not to (migration 0040). */
  informationSharing: {
    partnershipId: string
    id: Generated<string>
    personId: string | null
    childId: string | null
    caseId: string | null
    discussionId: string | null
    shared: boolean
    what: string
    withAgencyIds: string[]
    lawfulBasis: LawfulBasis | null
    reason: string
    decidedAt: Timestamp
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
  }
  /** Manager approvals (migration 0038): asked by a practitioner, approved or returned by a team manager. */
  approvals: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    childId: string | null
    kind: ApprovalKind
    reason: string
    askedByUserId: string
    askedByAgencyId: string
    askedAt: Timestamp
    status: Generated<ApprovalStatus>
    decidedByUserId: string | null
    decidedAt: Timestamp | null
    decisionReason: string | null
    version: Generated<number>
  }
  /** Each child's views at a stage (migration 0035): in their own words or why not, and how they communicate. */
  childViews: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    childId: string
    stage: ViewStage
    givenOn: string
    words: string | null
    reasonNotRecorded: NoWordsReason | null
    communicationMethod: CommunicationMethod
    language: string | null
    supportedBy: string | null
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
  }
  /** The views of a parent or carer who did not harm the child (migration 0035). */
  parentViews: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    personId: string
    givenOn: string
    words: string
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
  }
  /** The partnership's directory of local health pathways (migration 0033): SARCs and health assessment services. */
  healthPathways: {
    partnershipId: string
    id: Generated<string>
    name: string
    kind: PathwayKind
    phone: string | null
    email: string | null
    address: string | null
    youngestAge: number
    oldestAge: number
    notes: string | null
    active: Generated<boolean>
    version: Generated<number>
    createdAt: Timestamp
    changedAt: Timestamp
    changedByUserId: string
  }
  /** Each child's health pathway decision on a case, and its referral, examination and outcome (migration 0033). */
  healthReferrals: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    childId: string
    pathway: HealthDecision
    reason: string | null
    lastAbuseOn: string | null
    localPathwayId: string | null
    decidedAt: Timestamp
    referredAt: Timestamp | null
    seenAt: Timestamp | null
    outcomeAt: Timestamp | null
    outcome: string | null
    recordedByUserId: string
    recordedByAgencyId: string
    recordedAt: Timestamp
    version: Generated<number>
  }
  /** A read-only view (migration 0014): who people are, for any module to join. */
  userDirectory: {
    partnershipId: string
    userId: string
    partnershipName: string
    agencyId: string
    agencyName: string
    agencyKind: AgencyKind
    email: string
    displayName: string
    roles: string[]
    csaClinicalExperience: boolean
    disabledAt: Date | null
    totpEnrolledAt: Date | null
  }
  /** Plans for each child (migration 0037): drafted, agreed (their actions become tasks), reviewed, ended. */
  plans: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    childId: string
    kind: PlanKind
    status: Generated<PlanStatus>
    summary: string
    investigationImpact: string | null
    startsOn: string
    reviewOn: string
    version: Generated<number>
    madeByUserId: string
    madeByAgencyId: string
    madeAt: Timestamp
    agreedByUserId: string | null
    agreedAt: Timestamp | null
    endedByUserId: string | null
    endedAt: Timestamp | null
  }
  planActions: {
    partnershipId: string
    id: Generated<string>
    planId: string
    position: number
    title: string
    ownerUserId: string | null
    ownerAgencyId: string | null
    dueOn: string
  }
  planReviews: {
    partnershipId: string
    id: Generated<string>
    planId: string
    reviewedOn: string
    outcome: string
    continues: boolean
    nextReviewOn: string | null
    reviewedByUserId: string
    reviewedAt: Timestamp
  }
  /** Updates given to a child, parent or carer (migration 0036): who told whom, when, how, about what (SG-04). */
  familyUpdates: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    childId: string | null
    at: Timestamp
    method: UpdateMethod
    response: string | null
    toldByUserId: string
    toldByAgencyId: string
    letterId: string | null
    recordedAt: Timestamp
  }
  familyUpdatePeople: {
    partnershipId: string
    updateId: string
    personId: string
  }
  familyUpdateTopics: {
    partnershipId: string
    updateId: string
    topic: UpdateTopic
  }
  /** Letters to the family or the child (migration 0036), drafted from an outcome, edited, then sent. */
  letters: {
    partnershipId: string
    id: Generated<string>
    caseId: string
    childId: string | null
    investigationId: string | null
    audience: LetterAudience
    language: string
    text: string
    /** Flesch–Kincaid grade when made or edited, for a letter in English (numeric: the driver answers a string). */
    readingLevel: ColumnType<string | null, number | null, number | null>
    status: Generated<LetterStatus>
    version: Generated<number>
    madeByUserId: string
    madeByAgencyId: string
    madeAt: Timestamp
    sentAt: Timestamp | null
    sentUpdateId: string | null
  }
  /** A read-only view (migration 0016): a user's name and agency, from users alone, for pages that show who. */
  userNames: {
    partnershipId: string
    userId: string
    agencyId: string
    displayName: string
    roles: string[]
    disabledAt: Date | null
  }
  /** A read-only view (migration 0014): who a person is, at the identifying minimum, for any module to join. */
  personDirectory: {
    partnershipId: string
    personId: string
    givenName: string
    familyName: string
    dateOfBirth: string | null
    recordedByAgencyId: string
  }
  /** A read-only view (migration 0014): agencies by id, for any module to join. */
  agencyDirectory: { partnershipId: string; agencyId: string; agencyName: string; agencyKind: AgencyKind }
}

export type UserRow = Selectable<UserTable>
export type AgencyRow = Selectable<AgencyTable>
