/** The chronology events this module writes (on each open case of the person), with the names practitioners read. */
export const peopleEventKinds = {
  'person.offendingHistory': 'Sexual-offending history recorded',
} as const satisfies Record<string, string>
