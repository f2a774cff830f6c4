/** The chronology events this module writes: a child's views (with the child), a parent's or carer's. */
export const voiceEventKinds = {
  'voice.child': "Child's views recorded",
  'voice.parent': 'Parent’s or carer’s views recorded',
} as const satisfies Record<string, string>
