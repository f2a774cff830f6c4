// The directory: partnerships, agencies, users and their credentials, invitations, and the `user_directory`
// view of who people are that other modules may join. It owns those tables; others reach them only from here.
export { ACTOR_COLUMNS, toActor, type ActorRow } from './actor.ts'
export { loadUsers, type UserRow } from './bulk.ts'
export {
  acceptTotpAsSystem,
  addAgency,
  addUser,
  checkSeparationOfDuties,
  clearSignInFailuresAsSystem,
  createPartnershipAsSystem,
  disableUser,
  findPartnershipAsSystem,
  KEPT_FROM_ADMINISTRATORS,
  findSignInCandidateAsSystem,
  findUser,
  findUserByEmailAsSystem,
  listAccountChanges,
  listAgencies,
  listUsers,
  partnershipCode,
  passwordHashOfAsSystem,
  recordAccountChange,
  recordSignInFailureAsSystem,
  setPasswordHash,
  setTotpSecretAsSystem,
  staffOf,
  SEPARATION_OF_DUTIES_MESSAGE,
  type NewUser,
  type SignInCandidate,
} from './directory.ts'
export {
  acceptInvitationAsSystem,
  canEmail,
  emailInvitation,
  INVITATION_HOURS,
  invitationLink,
  issueInvitation,
  lookUpInvitationAsSystem,
  withdrawInvitations,
  type InvitationLookup,
} from './invitations.ts'
export { hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from './password.ts'
