// Code lists from ../shared/DOMAIN.md §2 (Children in Need census), and the lists the people tables' CHECK
// constraints hold. This file imports nothing: src/db/types.ts takes its column types from here, and
// src/db/schema-matches-types.http.test.ts proves each list equals its CHECK.

export const ETHNICITIES: Record<string, string> = {
  WBRI: 'White British',
  WIRI: 'White Irish',
  WIRT: 'Traveller of Irish heritage',
  WROM: 'Gypsy/Roma',
  WOTH: 'Other White',
  MWBC: 'White and Black Caribbean',
  MWBA: 'White and Black African',
  MWAS: 'White and Asian',
  MOTH: 'Other mixed',
  AIND: 'Indian',
  APKN: 'Pakistani',
  ABAN: 'Bangladeshi',
  AOTH: 'Other Asian',
  BCRB: 'Black Caribbean',
  BAFR: 'Black African',
  BOTH: 'Other Black',
  CHNE: 'Chinese',
  OOTH: 'Other ethnic group',
  REFU: 'Refused',
  NOBT: 'Not yet obtained',
}

export const DISABILITIES: Record<string, string> = {
  NONE: 'None',
  MOB: 'Mobility',
  HAND: 'Hand function',
  PC: 'Personal care',
  INC: 'Incontinence',
  COMM: 'Communication',
  LD: 'Learning',
  HEAR: 'Hearing',
  VIS: 'Vision',
  BEH: 'Behaviour',
  CON: 'Consciousness or seizures',
  AUT: 'Diagnosed autism',
  DDA: 'Other disability',
}

export const OFFENDING_KINDS = {
  allegation: 'Allegation',
  caution: 'Caution',
  conviction: 'Conviction',
  civil_order: 'Civil order (for example a Sexual Harm Prevention Order)',
  registration: 'Registered (notification requirements)',
} as const satisfies Record<string, string>

export type OffendingKind = keyof typeof OFFENDING_KINDS

export const SEXES = { female: 'Female', male: 'Male', unknown: 'Not known' } as const satisfies Record<string, string>

export type Sex = keyof typeof SEXES

/** What the other person is to this person, and how the relationship reads the other way round. */
export const RELATIONSHIP_KINDS = {
  parent: { label: 'Parent', inverse: 'Child' },
  step_parent: { label: 'Step-parent', inverse: 'Stepchild' },
  parent_partner: { label: "Parent's partner", inverse: "Partner's child" },
  sibling: { label: 'Sibling', inverse: 'Sibling' },
  half_sibling: { label: 'Half-sibling', inverse: 'Half-sibling' },
  step_sibling: { label: 'Step-sibling', inverse: 'Step-sibling' },
  grandparent: { label: 'Grandparent', inverse: 'Grandchild' },
  other_relative: { label: 'Other relative', inverse: 'Other relative' },
  household_member: { label: 'Household member', inverse: 'Household member' },
  carer: { label: 'Carer', inverse: 'Cared for' },
} as const satisfies Record<string, { label: string; inverse: string }>

export type RelationshipKind = keyof typeof RELATIONSHIP_KINDS

/** NHS numbers carry a modulus 11 check digit. */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false
  const digits = value.split('').map(Number) // ten ASCII digits, checked above
  const sum = digits.slice(0, 9).reduce((total, d, i) => total + d * (10 - i), 0)
  const check = 11 - (sum % 11)
  const expected = check === 11 ? 0 : check
  return expected !== 10 && expected === digits[9]
}
