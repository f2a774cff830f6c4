import { readDateInput, type DateInputValue } from '../../web/dates.ts'
import { fieldIssues, formFields, formList } from '../../web/forms.ts'
import { newPersonSchema, type NewPerson } from './schema.ts'

export interface PersonFormValues {
  givenName: string
  familyName: string
  otherNames: string
  dateOfBirth: DateInputValue
  dateOfBirthEstimated: boolean
  sex: string
  ethnicity: string
  firstLanguage: string
  interpreterNeeded: string
  communicationNeeds: string
  disabilities: string[]
  nhsNumber: string
  uniquePupilNumber: string
}

const text = (v: unknown) => (typeof v === 'string' ? v : '')

/** Reads the person form: what was typed (to show again) and, if it is valid, the person. */
export function readPersonForm(
  body: unknown,
  today: string,
): { values: PersonFormValues; person?: NewPerson; errors?: Record<string, string> } {
  const raw = formFields(body)
  const { version: _version, ...fields } = raw
  const date = readDateInput(fields, 'dateOfBirth', 'Date of birth')
  const values: PersonFormValues = {
    givenName: text(fields.givenName),
    familyName: text(fields.familyName),
    otherNames: text(fields.otherNames),
    dateOfBirth: date.parts,
    dateOfBirthEstimated: text(fields.dateOfBirthEstimated) === 'yes',
    sex: text(fields.sex),
    ethnicity: text(fields.ethnicity),
    firstLanguage: text(fields.firstLanguage),
    interpreterNeeded: text(fields.interpreterNeeded),
    communicationNeeds: text(fields.communicationNeeds),
    disabilities: formList(fields.disabilities),
    nhsNumber: text(fields.nhsNumber),
    uniquePupilNumber: text(fields.uniquePupilNumber),
  }
  const known = new Set([
    'givenName',
    'familyName',
    'otherNames',
    'dateOfBirth-day',
    'dateOfBirth-month',
    'dateOfBirth-year',
    'dateOfBirthEstimated',
    'sex',
    'ethnicity',
    'firstLanguage',
    'interpreterNeeded',
    'communicationNeeds',
    'disabilities',
    'nhsNumber',
    'uniquePupilNumber',
  ])
  const unexpected = Object.keys(fields).filter(k => !known.has(k))
  const parsed = newPersonSchema(today).safeParse({
    givenName: values.givenName,
    familyName: values.familyName,
    otherNames: values.otherNames
      .split(/\r?\n/)
      .map(n => n.trim())
      .filter(Boolean),
    dateOfBirth: date.iso ?? null,
    dateOfBirthEstimated: values.dateOfBirthEstimated,
    sex: values.sex || undefined,
    ethnicity: values.ethnicity || null,
    firstLanguage: values.firstLanguage,
    interpreterNeeded: values.interpreterNeeded === 'yes',
    communicationNeeds: values.communicationNeeds,
    disabilities: values.disabilities,
    nhsNumber: values.nhsNumber,
    uniquePupilNumber: values.uniquePupilNumber,
  })
  const errors: Record<string, string> = {}
  if (!parsed.success) Object.assign(errors, fieldIssues(parsed.error.issues))
  if (date.error) errors.dateOfBirth = date.error
  for (const key of unexpected) errors[key] = 'This field is not expected here'
  if (Object.keys(errors).length || !parsed.success) return { values, errors: orderErrors(errors) }
  return { values, person: parsed.data }
}

// The error summary lists problems in the order the fields appear on the page.
const ORDER = [
  'givenName',
  'familyName',
  'otherNames',
  'dateOfBirth',
  'sex',
  'ethnicity',
  'firstLanguage',
  'interpreterNeeded',
  'communicationNeeds',
  'disabilities',
  'nhsNumber',
  'uniquePupilNumber',
]
function orderErrors(errors: Record<string, string>): Record<string, string> {
  const keys = Object.keys(errors).sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99))
  return Object.fromEntries(keys.map(k => [k, errors[k] ?? '']))
}

/** The form's values for an existing person. */
export function personFormValues(p: NewPerson): PersonFormValues {
  const [year = '', month = '', day = ''] = (p.dateOfBirth ?? '').split('-')
  return {
    givenName: p.givenName,
    familyName: p.familyName,
    otherNames: p.otherNames.join('\n'),
    dateOfBirth: { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year },
    dateOfBirthEstimated: p.dateOfBirthEstimated,
    sex: p.sex,
    ethnicity: p.ethnicity ?? '',
    firstLanguage: p.firstLanguage ?? '',
    interpreterNeeded: p.interpreterNeeded ? 'yes' : 'no',
    communicationNeeds: p.communicationNeeds ?? '',
    disabilities: p.disabilities,
    nhsNumber: p.nhsNumber ?? '',
    uniquePupilNumber: p.uniquePupilNumber ?? '',
  }
}
