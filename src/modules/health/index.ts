// Health pathways (issue 12 point 9): each child's health pathway decision on a case (a forensic SARC referral for
// recent abuse, a health assessment for non-recent), its referral, examination and outcome; and the partnership's
// directory of local pathways. SG-07, in the safeguards, reads this module's part of the case snapshot.
export { healthActions, HEALTH_RECORDERS } from './actions.ts'
export { healthEventKinds } from './events.ts'
export { healthRoutes, type HealthComposition } from './routes.ts'
export { healthSnapshot, type HealthDecisionSeen } from './snapshot.ts'
export { healthReferralResolver } from './service.ts'
export { healthPersonMerge } from './merge.ts'
