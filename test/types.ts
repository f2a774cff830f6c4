// What the API answers, as the tests read it: taken from the types generated from the OpenAPI document
// (test/api-schema.d.ts), so a test's idea of a body cannot drift from what the app declares it sends.
import type { components, operations } from './api-schema.d.ts'

/** The JSON body an operation answers with the given status. */
export type ApiBody<Operation extends keyof operations, Status extends number> = operations[Operation] extends {
  responses: Record<Status, { content: { 'application/json': infer Body } }>
}
  ? Body
  : never

/** Every API refusal: `{ error: { code, message, fields?, changedFields?, findings? } }`. */
export type ErrorBody = components['schemas']['Error']

export type PersonBody = ApiBody<'personRead', 200>
export type RecordedPerson = ApiBody<'peopleRecord', 201>
export type Household = ApiBody<'personReadHousehold', 200>
export type CaseBody = ApiBody<'caseRead', 200>
export type TeamEntry = CaseBody['team'][number]
export type ChronologyEntry = ApiBody<'caseChronology', 200>[number]
export type RecordedConcern = ApiBody<'concernsRecord', 201>
export type ConcernBody = ApiBody<'concernRead', 200>
export type ReferralBody = ApiBody<'referralRead', 200>
export type AwaitingReferral = ApiBody<'referralsList', 200>[number]
export type AuditRow = ApiBody<'auditSearch', 200>[number]
export type NotificationBody = ApiBody<'notificationsList', 200>[number]
export type EndedRelationship = ApiBody<'relationshipEnd', 200>
export type MergedPerson = ApiBody<'personMerge', 200>
export type PersonCaseBody = ApiBody<'personCases', 200>[number]
export type PersonChronologyEntry = ApiBody<'personChronology', 200>[number]
export type PersonConcernBody = ApiBody<'personConcerns', 200>[number]
