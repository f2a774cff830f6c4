/** The chronology events this module writes (on each open case of the person), with the names practitioners read. */
export const peopleEventKinds = {
  'person.offendingHistory': 'Sexual-offending history recorded',
  // On each open case either person is a child of: who, what they are to the child, and whether they live together.
  'relationship.added': 'Family or household relationship recorded',
  // On each open case either person is a child of: who, what they were to the child, why and from when.
  'relationship.ended': 'Family or household relationship ended',
} as const satisfies Record<string, string>
