import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { familyNames, givenNames, nameSampler, sequence } from './names.ts'

function counts(draw: () => string, n: number): number[] {
  const seen = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const name = draw()
    seen.set(name, (seen.get(name) ?? 0) + 1)
  }
  return [...seen.values()].sort((a, b) => b - a)
}

describe('invented names', () => {
  it('makes over 28,000 distinct family names with no digits in any name', () => {
    const names = familyNames()
    assert.equal(new Set(names).size, names.length)
    assert.ok(names.length > 28_000)
    assert.ok([...names, ...givenNames()].every(name => /^[A-Z][a-z]+$/.test(name)))
  })

  it('repeats family names as real ones do: a few shared by thousands, a long tail of rare ones', () => {
    const families = counts(nameSampler(sequence(42)).family, 250_000)
    assert.ok((families[0] ?? 0) > 5000, `the commonest family name was drawn ${String(families[0])} times`)
    assert.ok(families.filter(n => n > 50).length > 300, 'fewer than 300 family names were common')
    assert.ok(families.filter(n => n <= 10).length > 20_000, 'fewer than 20,000 family names were rare')
  })

  it('spreads the commonest family names over many roots', () => {
    const top = familyNames().slice(0, 20)
    assert.ok(new Set(top.map(name => name.slice(0, 4))).size >= 10)
  })
})
