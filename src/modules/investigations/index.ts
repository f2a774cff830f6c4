// Police investigations: crime reference, children and suspects, charging advice and decision, video-recorded
// (ABE) interviews, and the outcome, worded so that a close without charge never reads as "it didn't happen".
export { investigationsSnapshot, type AbeInterviewSeen, type InvestigationSeen } from './snapshot.ts'
