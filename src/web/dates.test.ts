import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  fromLondon,
  londonDate,
  londonDateTime,
  londonDue,
  londonParts,
  londonTime,
  parseTime,
  sentence,
  writtenTime,
} from './dates.ts'

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

describe('londonDate', () => {
  it('writes a calendar date as its day, whatever the clock says, and a moment as its day in England', () => {
    assert.equal(londonDate('2026-12-01'), '1 December 2026')
    assert.equal(londonDate('2019-03-07'), '7 March 2019')
    assert.equal(londonDate(new Date('2026-06-30T23:30:00Z')), '1 July 2026', '00:30 in summer time is the next day')
    assert.equal(londonDate(new Date('2026-12-31T23:30:00Z')), '31 December 2026')
  })
})

describe('writtenTime and londonTime', () => {
  it('write the 12-hour clock with am and pm, and midnight and midday in words', () => {
    assert.equal(writtenTime('00:00'), 'midnight')
    assert.equal(writtenTime('00:01'), '12:01am')
    assert.equal(writtenTime('09:05'), '9:05am')
    assert.equal(writtenTime('12:00'), 'midday')
    assert.equal(writtenTime('12:59'), '12:59pm')
    assert.equal(writtenTime('14:15'), '2:15pm')
    assert.equal(writtenTime('23:59'), '11:59pm')
  })

  it('read the moment in England either side of the clocks changing', () => {
    // The last Sunday of March 2026: at 1am GMT the clocks go forward to 2am BST.
    assert.equal(londonDateTime(new Date('2026-03-29T00:59:00Z')), '29 March 2026 at 12:59am')
    assert.equal(londonDateTime(new Date('2026-03-29T01:00:00Z')), '29 March 2026 at 2:00am')
    // The last Sunday of October 2026: at 2am BST the clocks go back to 1am GMT, so 1:30am happens twice.
    assert.equal(londonTime(new Date('2026-10-25T00:30:00Z')), '1:30am')
    assert.equal(londonTime(new Date('2026-10-25T01:30:00Z')), '1:30am')
  })
})

describe('londonDue', () => {
  const now = new Date('2026-11-25T09:00:00Z')

  it('names today, tomorrow and yesterday, and writes other days in full', () => {
    assert.equal(londonDue(new Date('2026-11-25T17:00:00Z'), now), 'due today at 5:00pm')
    assert.equal(londonDue(new Date('2026-11-26T09:00:00Z'), now), 'due tomorrow at 9:00am')
    assert.equal(londonDue(new Date('2026-11-27T12:00:00Z'), now), 'due 27 November 2026 at midday')
    assert.equal(londonDue(new Date('2026-11-25T08:00:00Z'), now), 'overdue since today at 8:00am')
    assert.equal(londonDue(new Date('2026-11-24T10:32:00Z'), now), 'overdue since yesterday at 10:32am')
    assert.equal(londonDue(new Date('2026-11-20T10:32:00Z'), now), 'overdue since 20 November 2026 at 10:32am')
  })

  it('is due, not overdue, at the very moment it is due', () => {
    assert.equal(londonDue(now, now), 'due today at 9:00am')
    assert.equal(londonDue(new Date(now.getTime() - 60_000), now), 'overdue since today at 8:59am')
  })

  it('counts days by the calendar in England, not in 24-hour windows, across midnight', () => {
    // An hour apart, either side of midnight: tomorrow, not today.
    assert.equal(
      londonDue(new Date('2026-11-26T00:30:00Z'), new Date('2026-11-25T23:30:00Z')),
      'due tomorrow at 12:30am',
    )
    // Twenty minutes ago, before midnight: yesterday.
    assert.equal(
      londonDue(new Date('2026-11-25T23:50:00Z'), new Date('2026-11-26T00:10:00Z')),
      'overdue since yesterday at 11:50pm',
    )
    // In summer, midnight in England is 11pm UTC: 23:30 UTC on 1 July is already 2 July.
    assert.equal(
      londonDue(new Date('2026-07-01T23:30:00Z'), new Date('2026-07-01T22:30:00Z')),
      'due tomorrow at 12:30am',
    )
    assert.equal(londonDue(new Date('2026-07-01T22:30:00Z'), new Date('2026-07-01T12:00:00Z')), 'due today at 11:30pm')
  })

  it('counts days by the calendar when the clocks go forward in March', () => {
    const saturdayMidday = new Date('2026-03-28T12:00:00Z')
    // Sunday 29 March has 23 hours: 11:30pm BST on Sunday is 22:30 UTC, and still tomorrow.
    assert.equal(londonDue(new Date('2026-03-29T22:30:00Z'), saturdayMidday), 'due tomorrow at 11:30pm')
    // 23:30 UTC on Sunday is 12:30am on Monday 30 March, two days on though under 36 hours away.
    assert.equal(londonDue(new Date('2026-03-29T23:30:00Z'), saturdayMidday), 'due 30 March 2026 at 12:30am')
  })

  it('counts days by the calendar when the clocks go back in October', () => {
    // 12:30am BST on Sunday 25 October; Sunday has 25 hours, so 24 hours on is still the same day.
    const sundayAfterMidnight = new Date('2026-10-24T23:30:00Z')
    assert.equal(londonDue(new Date('2026-10-25T23:30:00Z'), sundayAfterMidnight), 'due today at 11:30pm')
    assert.equal(londonDue(new Date('2026-10-26T00:00:00Z'), sundayAfterMidnight), 'due tomorrow at midnight')
    assert.equal(londonDue(new Date('2026-10-24T22:59:00Z'), sundayAfterMidnight), 'overdue since yesterday at 11:59pm')
  })

  it('starts a sentence or a table cell with a capital', () => {
    assert.equal(sentence(londonDue(new Date('2026-11-26T09:00:00Z'), now)), 'Due tomorrow at 9:00am')
  })
})

describe('parseTime', () => {
  const accepted: [string, string][] = [
    ['2.15pm', '14:15'],
    ['2:15pm', '14:15'],
    ['2:15 pm', '14:15'],
    ['2.15 PM', '14:15'],
    ['2.15 p.m.', '14:15'],
    ['  02:15pm ', '14:15'],
    ['14:15', '14:15'],
    ['14.15', '14:15'],
    ['9:05', '09:05'],
    ['09:05', '09:05'],
    ['0:30', '00:30'],
    ['23:59', '23:59'],
    ['9am', '09:00'],
    ['9 am', '09:00'],
    ['9 AM', '09:00'],
    ['12am', '00:00'],
    ['12:30am', '00:30'],
    ['12pm', '12:00'],
    ['12:45pm', '12:45'],
    ['11:59pm', '23:59'],
    ['midday', '12:00'],
    ['Midday', '12:00'],
    ['noon', '12:00'],
    ['midnight', '00:00'],
  ]
  for (const [typed, time] of accepted)
    it(`reads "${typed}" as ${time}`, () => {
      assert.equal(parseTime(typed), time)
    })

  const refused = [
    '',
    '25:00',
    '24:00',
    '13pm',
    '0am',
    '0:30am',
    '2:75',
    '2:5pm',
    '2:155pm',
    '14',
    '1415',
    '2.15.00',
    '2:15 xm',
    'pm',
    'quarter past two',
    '-2:15',
    '2 : 15',
    '14:15pm',
  ]
  for (const typed of refused)
    it(`refuses "${typed}"`, () => {
      assert.equal(parseTime(typed), null)
    })

  const clock = fc.record({ h: fc.integer({ min: 0, max: 23 }), m: fc.integer({ min: 0, max: 59 }) })
  const hhmm = ({ h, m }: { h: number; m: number }) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`

  it('reads back every time it writes', () => {
    fc.assert(fc.property(clock, t => parseTime(writtenTime(hhmm(t))) === hhmm(t)))
  })

  it('reads the 24-hour clock with a colon or a full stop, with or without a leading zero', () => {
    fc.assert(
      fc.property(clock, fc.constantFrom(':', '.'), fc.boolean(), (t, separator, zero) => {
        const typed = `${zero ? String(t.h).padStart(2, '0') : t.h}${separator}${String(t.m).padStart(2, '0')}`
        return parseTime(typed) === hhmm(t)
      }),
    )
  })

  it('reads the 12-hour clock however it is spaced, stopped or capitalised', () => {
    fc.assert(
      fc.property(
        clock,
        fc.constantFrom(':', '.'),
        fc.constantFrom('', ' '),
        fc.constantFrom('am', 'AM', 'Am', 'a.m.', 'A.M.'),
        (t, separator, space, half) => {
          const h12 = t.h % 12 || 12
          const typed = `${h12}${separator}${String(t.m).padStart(2, '0')}${space}${t.h < 12 ? half : half.replace(/a/i, c => (c === 'a' ? 'p' : 'P'))}`
          return parseTime(typed) === hhmm(t)
        },
      ),
    )
  })

  it('reads back the time of any moment as written, to the same minute in England', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        at => {
          const [day] = londonParts(at)
          const time = parseTime(londonTime(at))
          // In October's repeated hour both readings of 1:30am are written alike, so compare what is written.
          return time !== null && londonDateTime(fromLondon(day, time)) === londonDateTime(at)
        },
      ),
    )
  })
})
