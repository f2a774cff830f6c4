/** The chronology events this module writes. */
export const familiesEventKinds = {
  'family.updated': 'Family told how things stand',
  'letter.sent': 'Letter sent',
} as const satisfies Record<string, string>
