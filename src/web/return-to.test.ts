import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { safeReturnTo } from './return-to.ts'

describe('safeReturnTo', () => {
  it('keeps a page of this service, with its query', () => {
    assert.equal(safeReturnTo('/cases/abc/chronology/new'), '/cases/abc/chronology/new')
    assert.equal(safeReturnTo('/people?q=Plover&page=2'), '/people?q=Plover&page=2')
  })

  it('refuses every way of naming another site', () => {
    for (const elsewhere of [
      '//elsewhere.example',
      '/\\elsewhere.example',
      '/\\/elsewhere.example',
      'https://elsewhere.example/',
      'javascript:alert(1)',
      'elsewhere.example',
      '/ok\\..\\..\\elsewhere',
      '/\telsewhere',
      '/a b',
      '',
    ])
      assert.equal(safeReturnTo(elsewhere), undefined, elsewhere)
  })

  it('never leads back to signing in or out, or to home (where sign-in goes anyway)', () => {
    for (const page of ['/sign-in', '/sign-in?expired=1', '/sign-in/security-code', '/sign-out', '/'])
      assert.equal(safeReturnTo(page), undefined, page)
    assert.equal(safeReturnTo('/sign-inside-story'), '/sign-inside-story')
  })

  it('refuses what is not a string, or too long to be a page', () => {
    assert.equal(safeReturnTo(undefined), undefined)
    assert.equal(safeReturnTo(['/people']), undefined)
    assert.equal(safeReturnTo(`/${'a'.repeat(2001)}`), undefined)
  })
})
