import { PRACTITIONERS } from '../../kernel/roles.ts'
import type { Actions } from '../../web/actions.ts'

const TEAM_WRITES = 'Only a practitioner on the case team tells the family or makes a letter'

const readLetter = {
  audience: 'signedIn',
  roles: PRACTITIONERS,
  record: { kind: 'letter', need: 'read' },
  auditRead: { objectType: 'letter', id: 'id' },
} as const

/** Telling the family and letters: the case team records and writes them; whoever may read the case reads them. */
export const familiesActions = {
  'case.family': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    record: { kind: 'case', need: 'read' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'family.updateForm': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: TEAM_WRITES,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'family.update': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: TEAM_WRITES,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'letter.form': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: TEAM_WRITES,
    record: { kind: 'case', need: 'write' },
    auditRead: { objectType: 'case', id: 'id' },
  },
  'letter.make': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: TEAM_WRITES,
    record: { kind: 'case', need: 'write' },
    changesCase: true,
  },
  'letter.read': readLetter,
  'letter.pdf': readLetter,
  'letter.edit': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: TEAM_WRITES,
    record: { kind: 'letter', need: 'write' },
    changesCase: true,
  },
  'letter.sendForm': {
    ...readLetter,
    refusal: TEAM_WRITES,
    record: { kind: 'letter', need: 'write' },
  },
  'letter.send': {
    audience: 'signedIn',
    roles: PRACTITIONERS,
    refusal: TEAM_WRITES,
    record: { kind: 'letter', need: 'write' },
    changesCase: true,
  },
} as const satisfies Actions
