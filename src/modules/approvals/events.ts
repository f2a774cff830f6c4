/** The chronology events this module writes, about the child the approval is for (or the whole case). */
export const approvalsEventKinds = {
  'approval.asked': 'Manager approval asked for',
  'approval.approved': 'Manager approval given',
  'approval.returned': 'Manager approval returned',
} as const satisfies Record<string, string>
