import { z } from 'zod'
import { dateInput } from '../../web/date-input.ts'
import type { NotAfter } from '../../web/dates.ts'
import { defineForm } from '../../web/form-page.ts'
import { addressFields, endAddressSchema, withAddressRules } from './addresses.ts'

// The address pages' forms, each checked by the API's own schema once the form's text is in its shape.

const box = z.string().optional().default('')

/** Add an address: where, since when, and whether it is confidential (asked, never pre-answered). */
export function addressForm(today: NotAfter) {
  const f = addressFields(today)
  return defineForm({
    fields: ['line1', 'line2', 'town', 'postcode', 'from', 'confidential', 'readerUserIds'],
    lists: ['readerUserIds'],
    dateInputs: ['from'],
    anchors: { confidential: 'confidential', readerUserIds: 'readerUserIds' },
    schema: withAddressRules(
      z.strictObject({
        line1: box.pipe(f.line1),
        line2: box.pipe(f.line2.unwrap().unwrap()),
        town: box.pipe(f.town.unwrap().unwrap()),
        postcode: box.pipe(f.postcode.unwrap().unwrap()),
        from: dateInput('Date they moved in', { required: 'Enter the date they moved in', notAfter: today }),
        confidential: z
          .enum(['yes', 'no'], 'Say whether the address is confidential')
          .optional()
          .refine(v => v !== undefined, 'Say whether the address is confidential')
          .transform(v => v === 'yes'),
        readerUserIds: f.readerUserIds,
      }),
    ),
    toInput: address => address,
  })
}

/** Moving out: the last day they lived there, at the version read. */
export function endAddressForm(today: NotAfter) {
  return defineForm({
    fields: ['to'],
    dateInputs: ['to'],
    schema: z.strictObject({
      version: z.coerce.number('Reload the page and try again').int('Reload the page and try again'),
      to: dateInput('Date they moved out', { required: 'Enter the date they moved out', notAfter: today }).pipe(
        endAddressSchema(today).shape.to,
      ),
    }),
    toInput: end => end,
    fieldOf: { version: 'to' },
    conflict: { field: 'to' },
  })
}
