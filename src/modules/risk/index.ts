// The register of people who present a risk of sexual harm (issue 14; DESIGN.md SG-08, SG-09; DOMAIN.md §6, §10):
// what is known about a person (with people's offending history), their risk assessments kept as a history, how
// they are managed, the register page, the multi-agency risk discussion on a case, and every decision to share
// information or not.
export { riskActions } from './actions.ts'
export { riskEventKinds } from './events.ts'
export { riskRoutes, type RiskComposition } from './routes.ts'
export { riskPersonMerge } from './merge.ts'
export { riskSnapshot, type RiskDiscussionSeen, type RiskLinkSeen } from './snapshot.ts'
export { REGISTER_READERS, RISK_MANAGERS, readsRegister } from './roles.ts'
export { sharingRecordSection } from './sharing-record.ts'
export { personRiskSection } from './person-record.ts'
export { childRiskSection, riskPromptsFor, type RiskPrompt } from './child-record.ts'
