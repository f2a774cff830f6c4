// Telling the family: every update given to a child, parent or carer (SG-04), and the letters made from an
// outcome, for the family and in a child-friendly version, printable and as PDF.
export { familiesSnapshot, type FamilyUpdateSeen, type LetterSeen } from './snapshot.ts'
