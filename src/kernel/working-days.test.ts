import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addWorkingDays, workingDaysUntil, isWorkingDay } from './working-days.ts'

describe('working days', () => {
  it("knows England's bank holidays for 2026 and 2027 (DOMAIN.md §9)", () => {
    const bankHolidays = [
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
      '2027-01-01',
      '2027-03-26',
      '2027-03-29',
      '2027-05-03',
      '2027-05-31',
      '2027-08-30',
      '2027-12-27',
      '2027-12-28',
    ]
    for (const day of bankHolidays) assert.equal(isWorkingDay(day), false, day)
    assert.equal(isWorkingDay('2026-11-25'), true)
    assert.equal(isWorkingDay('2026-11-28'), false, 'a Saturday')
  })

  it('adds one working day across a weekend and a bank holiday', () => {
    assert.equal(addWorkingDays(new Date('2026-11-25T10:00:00Z'), 1).toISOString(), '2026-11-26T10:00:00.000Z')
    assert.equal(addWorkingDays(new Date('2026-11-27T15:00:00Z'), 1).toISOString(), '2026-11-30T15:00:00.000Z')
    assert.equal(addWorkingDays(new Date('2026-12-24T09:00:00Z'), 1).toISOString(), '2026-12-29T09:00:00.000Z')
    assert.equal(addWorkingDays(new Date('2026-04-02T12:00:00Z'), 1).toISOString(), '2026-04-07T12:00:00.000Z')
  })

  it('counts working days until a due time, across a weekend and a bank holiday, and back when overdue', () => {
    const friday = new Date('2026-12-18T10:00:00Z')
    assert.equal(workingDaysUntil(friday, new Date('2026-12-18T17:00:00Z')), 0, 'due today')
    assert.equal(workingDaysUntil(friday, new Date('2026-12-21T09:00:00Z')), 1, 'the Monday after')
    // Christmas Day and Boxing Day (moved to Monday 28th) are not working days.
    assert.equal(workingDaysUntil(new Date('2026-12-24T10:00:00Z'), new Date('2026-12-29T10:00:00Z')), 1)
    assert.equal(workingDaysUntil(new Date('2026-12-21T10:00:00Z'), friday), -1, 'one working day late')
  })
})
