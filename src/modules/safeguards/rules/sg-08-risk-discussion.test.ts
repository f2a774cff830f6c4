import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RiskDiscussionSeen, RiskLinkSeen } from '../../risk/index.ts'
import { sg08RiskDiscussion } from './sg-08-risk-discussion.ts'
import { CHILD, KNOWN_PERSON, POLICY, riskLinkOf, SIBLING, snapshotOf } from './snapshot-fixture.ts'

const NOW = new Date('2026-11-25T09:00:00Z')
const PERSON = KNOWN_PERSON
const PROBATION = '00000000-0000-4000-8000-0000000000e1'

const link = (parts: Partial<RiskLinkSeen> = {}) => riskLinkOf({ probationContactUserId: PROBATION, ...parts })

const discussion = (heldAt: string, recordedAt = heldAt): RiskDiscussionSeen => ({
  id: 'd1',
  personId: PERSON,
  heldAt: new Date(heldAt),
  recordedAt: new Date(recordedAt),
})

const run = (links: RiskLinkSeen[], riskDiscussions: RiskDiscussionSeen[] = []) =>
  sg08RiskDiscussion(snapshotOf({ riskLinks: links, riskDiscussions }), NOW, POLICY)

const missing = (): never => assert.fail('expected a finding')

describe('SG-08: a risk discussion and assessment when a child is linked to someone known', () => {
  it('asks nothing when no child is linked to anyone known', () => {
    assert.deepEqual(run([]), [])
  })

  it('is due 5 working days after the later of the link and the information, naming the person and the need', () => {
    const [finding = missing(), ...rest] = run([link()])
    assert.equal(rest.length, 0)
    assert.equal(finding.safeguard, 'SG-08')
    assert.equal(finding.severity, 'due')
    assert.equal(finding.childId, CHILD)
    assert.equal(finding.recordId, PERSON)
    // Wednesday 18 November + 5 working days: Wednesday 25 November, end of the day.
    assert.equal(finding.dueAt?.toISOString(), '2026-11-25T23:59:00.000Z')
    assert.match(finding.message, /Farrow Mockley.*multi-agency risk discussion and an up-to-date risk assessment/)
    assert.deepEqual(finding.facts, [
      'Farrow Mockley: conviction recorded (latest on 18 November 2026)',
      'the child lives with Farrow Mockley (recorded on 16 November 2026)',
      'no risk discussion about them on this case since',
      'no risk assessment of them is recorded',
    ])
    assert.equal(finding.source.code, 'PR-4')
  })

  it('counts from the link when the child was linked after the information was known', () => {
    const [finding = missing()] = run([link({ linkedAt: new Date('2026-11-23T10:00:00Z') })])
    assert.equal(finding.dueAt?.toISOString(), '2026-11-30T23:59:00.000Z')
  })

  it('tells the probation contact, naming the case reference and the person, never the child', () => {
    const [finding = missing()] = run([link()])
    assert.deepEqual(finding.notify?.userIds, [PROBATION])
    assert.equal(finding.notify.link, `/people/${PERSON}/risk`)
    assert.match(finding.notify.text, /NS-2026-00001/)
    assert.match(finding.notify.text, /Farrow Mockley/)
  })

  it('says when no probation contact is recorded, and tells nobody', () => {
    const [finding = missing()] = run([link({ probationContactUserId: null })])
    assert.equal(finding.notify, undefined)
    assert.ok(finding.facts.includes('No probation contact is recorded'))
  })

  it('fires for contact and for an adult on the case, each in its own words', () => {
    const [contact = missing(), onCase = missing()] = run([
      link({ link: 'has_contact' }),
      link({ childId: SIBLING, link: 'on_case' }),
    ])
    assert.equal(contact.facts[1], 'the child has contact with Farrow Mockley (recorded on 16 November 2026)')
    assert.equal(onCase.childId, SIBLING)
    assert.equal(onCase.facts[1], "Farrow Mockley is on the child's case (recorded on 16 November 2026)")
  })

  it('clears once a discussion is held since and an assessment is up to date', () => {
    const assessedAt = new Date('2026-01-10T12:00:00Z')
    assert.deepEqual(run([link({ assessedAt })], [discussion('2026-11-20T10:00:00Z')]), [])
  })

  it('still asks for the assessment after a discussion when there is none', () => {
    const [finding = missing()] = run([link()], [discussion('2026-11-20T10:00:00Z')])
    assert.match(finding.message, /arrange an up-to-date risk assessment$/)
  })

  it('still asks for a discussion when only an assessment is up to date', () => {
    const [finding = missing()] = run([link({ assessedAt: new Date('2026-11-19T12:00:00Z') })])
    assert.match(finding.message, /arrange a multi-agency risk discussion$/)
  })

  it('counts a discussion held before the trigger but recorded after it', () => {
    const assessedAt = new Date('2026-11-19T12:00:00Z')
    assert.deepEqual(run([link({ assessedAt })], [discussion('2026-11-17T10:00:00Z', '2026-11-19T10:00:00Z')]), [])
  })

  it('does not count a discussion about someone else', () => {
    const other = { ...discussion('2026-11-20T10:00:00Z'), personId: 'someone-else' }
    assert.equal(run([link({ assessedAt: new Date('2026-11-19T12:00:00Z') })], [other]).length, 1)
  })

  it('treats an assessment older than 12 months at the trigger as out of date', () => {
    const [finding = missing()] = run(
      [link({ assessedAt: new Date('2025-11-17T12:00:00Z') })],
      [discussion('2026-11-20T10:00:00Z')],
    )
    assert.match(finding.message, /up-to-date risk assessment/)
    assert.ok(finding.facts.includes('their latest risk assessment is from 17 November 2025, too old'))
  })

  it('fires again when new information comes after the discussion', () => {
    const assessedAt = new Date('2026-11-19T12:00:00Z')
    const later = link({ assessedAt, knownAt: new Date('2026-11-24T10:00:00Z'), known: ['conviction', 'shpo'] })
    const [finding = missing()] = run([later], [discussion('2026-11-20T10:00:00Z')])
    assert.equal(finding.dueAt?.toISOString(), '2026-12-01T23:59:00.000Z')
    assert.equal(
      finding.facts[0],
      'Farrow Mockley: conviction, sexual harm prevention order recorded (latest on 24 November 2026)',
    )
  })

  it('fires again when the child is newly linked after the discussion', () => {
    const assessedAt = new Date('2026-11-19T12:00:00Z')
    const relinked = link({ assessedAt, linkedAt: new Date('2026-11-24T10:00:00Z') })
    assert.equal(run([relinked], [discussion('2026-11-20T10:00:00Z')]).length, 1)
  })
})
