import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { londonDateTime } from './dates.ts'

describe('londonDateTime', () => {
  it('writes a moment as England reads it, in winter and in summer time', () => {
    assert.equal(londonDateTime(new Date('2026-12-02T17:19:00Z')), '2 December 2026 at 5:19pm')
    assert.equal(londonDateTime(new Date('2026-07-01T08:30:00Z')), '1 July 2026 at 9:30am')
  })

  it('writes two moments in the same minute alike, and the next minute as its own', () => {
    assert.equal(londonDateTime(new Date('2026-12-02T09:05:01Z')), '2 December 2026 at 9:05am')
    assert.equal(londonDateTime(new Date('2026-12-02T09:05:59Z')), '2 December 2026 at 9:05am')
    assert.equal(londonDateTime(new Date('2026-12-02T09:06:00Z')), '2 December 2026 at 9:06am')
  })

  it('writes the same minute in another year as that year', () => {
    assert.equal(londonDateTime(new Date('1999-12-02T09:05:00Z')), '2 December 1999 at 9:05am')
    assert.equal(londonDateTime(new Date('1985-03-01T09:05:00Z')), '1 March 1985 at 9:05am')
  })

  it('counts the first hour after midnight as 12, and writes midnight and midday in words', () => {
    assert.equal(londonDateTime(new Date('2026-12-02T00:30:00Z')), '2 December 2026 at 12:30am')
    assert.equal(londonDateTime(new Date('2026-12-02T00:00:00Z')), '2 December 2026 at midnight')
    assert.equal(londonDateTime(new Date('2026-12-02T12:00:00Z')), '2 December 2026 at midday')
    assert.equal(londonDateTime(new Date('2026-12-02T12:45:00Z')), '2 December 2026 at 12:45pm')
  })
})
