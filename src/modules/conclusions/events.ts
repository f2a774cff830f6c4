/** The chronology events this module writes, one per child discussed. */
export const conclusionsEventKinds = {
  'conclusion.held': 'Conclusion discussion held',
} as const satisfies Record<string, string>
