import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { fieldIssues, formFields, govukErrors } from './forms.ts'

describe('form errors', () => {
  const schema = z.strictObject({
    name: z.string().min(1, 'Enter a name'),
    age: z.coerce.number().int('Age must be a whole number'),
  })

  it('gives one message per field, naming unexpected fields', () => {
    const result = schema.safeParse({ name: '', age: '1.5', extra: 'x' })
    assert.ok(!result.success)
    assert.deepEqual(fieldIssues(result.error.issues), {
      name: 'Enter a name',
      age: 'Age must be a whole number',
      extra: 'This field is not expected here',
    })
  })

  it('names an unexpected field called constructor or toString, which every object inherits', () => {
    const result = z
      .strictObject({ name: z.string() })
      .safeParse(JSON.parse('{"name":"Pip","constructor":1,"toString":2}'))
    assert.ok(!result.success)
    assert.deepEqual(Object.keys(fieldIssues(result.error.issues)).sort(), ['constructor', 'toString'])
  })

  it('shapes errors for the GOV.UK error summary, linking each to its field', () => {
    assert.deepEqual(govukErrors({ name: 'Enter a name' }), {
      list: [{ text: 'Enter a name', href: '#name' }],
      byField: { name: { text: 'Enter a name' } },
    })
  })

  it('lists errors in the order of the form, one per field, however deep in the field each was found', () => {
    const errors = govukErrors(
      { 'people.0.role': 'Select a role', title: 'Enter a title', extra: 'This field is not expected here' },
      { order: ['title', 'people'], anchors: { people: 'role-1' } },
    )
    assert.deepEqual(errors.list, [
      { text: 'Enter a title', href: '#title' },
      { text: 'Select a role', href: '#role-1' },
      { text: 'This field is not expected here', href: '#extra' },
    ])
    assert.deepEqual(Object.keys(errors.byField), ['people', 'title', 'extra'])
  })

  it('puts an error the service names otherwise on the form field it belongs to', () => {
    const errors = govukErrors({ childIds: 'Add a child' }, { fieldOf: { childIds: 'title' } })
    assert.deepEqual(errors.list, [{ text: 'Add a child', href: '#title' }])
  })

  it('drops the CSRF token from a form body', () => {
    assert.deepEqual(formFields({ _csrf: 't', name: 'Pip' }), { name: 'Pip' })
    assert.deepEqual(formFields(undefined), {})
  })
})
