import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { dateInput, dateInputValues, readDateInputs } from './date-input.ts'
import { fieldIssues, govukErrors } from './forms.ts'

/** What a form page shows for a date input's boxes: the message, the boxes marked, the summary link. */
function shown(boxes: Record<string, unknown>, options: Parameters<typeof dateInput>[1] = {}) {
  const schema = z.strictObject({ born: dateInput('Date of birth', options) })
  const parsed = schema.safeParse(readDateInputs(boxes, ['born']))
  if (parsed.success) return { value: parsed.data.born }
  const errors = govukErrors(fieldIssues(parsed.error.issues), { dateInputs: ['born'] })
  return { text: errors.byField.born?.text, parts: errors.byField.born?.parts, href: errors.list[0]?.href }
}

const boxes = (day: unknown, month: unknown, year: unknown) => ({
  'born-day': day,
  'born-month': month,
  'born-year': year,
})

describe('a GOV.UK date input', () => {
  it('reads three boxes as an ISO date, padding the day and month and trimming spaces', () => {
    assert.deepEqual(shown(boxes(' 3', '9 ', '2018')), { value: '2018-09-03' })
  })

  it('reads three empty boxes as no date when the date is optional, and asks for one when it is not', () => {
    assert.deepEqual(shown(boxes('', '', '')), { value: null })
    assert.deepEqual(shown({}), { value: null })
    assert.deepEqual(shown(boxes('', '', ''), { required: 'Enter the date of birth' }), {
      text: 'Enter the date of birth',
      parts: ['day', 'month', 'year'],
      href: '#born-day',
    })
  })

  it('marks only the boxes left empty, naming them', () => {
    assert.deepEqual(shown(boxes('3', '', '')), {
      text: 'Date of birth must include a month and year',
      parts: ['month', 'year'],
      href: '#born-month',
    })
  })

  it('marks the box that cannot be right: a day the month does not have, a thirteenth month, a short year', () => {
    assert.deepEqual(shown(boxes('30', '2', '2018')), {
      text: 'Date of birth must be a real date',
      parts: ['day'],
      href: '#born-day',
    })
    assert.deepEqual(shown(boxes('1', '13', '2018')).parts, ['month'])
    assert.deepEqual(shown(boxes('1', '1', '18')).parts, ['year'])
    assert.deepEqual(shown(boxes('1', 'May', '2018')).parts, ['month'])
    assert.deepEqual(shown(boxes('1', '1', '1899')).parts, ['year'], 'nothing in Lantern is from before 1900')
    assert.deepEqual(shown(boxes(['1', '2'], '1', '2018')).parts, ['day'], 'a box sent twice')
  })

  it('accepts 29 February only in a leap year', () => {
    assert.deepEqual(shown(boxes('29', '2', '2020')), { value: '2020-02-29' })
    assert.deepEqual(shown(boxes('29', '2', '2019')).parts, ['day'])
  })

  it('marks the whole date when it is after the latest allowed, read when checked', () => {
    let today = '2026-11-25'
    const options = { notAfter: () => today }
    assert.deepEqual(shown(boxes('26', '11', '2026'), options), {
      text: 'Date of birth must be today or in the past',
      parts: ['day', 'month', 'year'],
      href: '#born-day',
    })
    today = '2026-11-26'
    assert.deepEqual(shown(boxes('26', '11', '2026'), options), { value: '2026-11-26' })
  })

  it('leaves other fields alone, and shows a stored date in its boxes', () => {
    assert.deepEqual(readDateInputs({ name: 'Pip', 'born-day': '1' }, ['born']), {
      name: 'Pip',
      born: { day: '1', month: undefined, year: undefined },
    })
    assert.deepEqual(dateInputValues('born', '2019-03-07'), { 'born-day': '7', 'born-month': '3', 'born-year': '2019' })
    assert.deepEqual(dateInputValues('born', null), { 'born-day': '', 'born-month': '', 'born-year': '' })
  })
})
