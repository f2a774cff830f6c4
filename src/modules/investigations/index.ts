// Police investigations: crime reference, children and suspects, charging advice and decision, video-recorded
// (ABE) interviews, and the outcome, worded so that a close without charge never reads as "it didn't happen".
export { investigationsActions } from './actions.ts'
export { investigationsEventKinds } from './events.ts'
export { investigationsApi } from './api.ts'
export { investigationsRoutes } from './routes.ts'
export { abeInterviewResolver, investigationResolver } from './service.ts'
export { NFA_REFUSAL, refuseNfaWording, usesNfaWording } from './schema.ts'
export { investigationsSnapshot, type AbeInterviewSeen, type InvestigationSeen } from './snapshot.ts'
export { investigationsPersonMerge } from './merge.ts'
export { investigationOutcome, outcomesOfCase, type InvestigationOutcome } from './outcome.ts'
