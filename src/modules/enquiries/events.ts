/** The chronology events this module writes, one per child, with the names practitioners read. */
export const enquiriesEventKinds = {
  'section47.started': 'Section 47 enquiry started',
  'section47.completed': 'Section 47 enquiry completed',
  'assessment.started': 'Child and family assessment started',
  'assessment.completed': 'Child and family assessment completed',
  'conference.held': 'Child protection conference held',
} as const satisfies Record<string, string>
