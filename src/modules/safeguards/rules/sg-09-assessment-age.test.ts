import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RiskLinkSeen } from '../../risk/index.ts'
import { sg09AssessmentAge } from './sg-09-assessment-age.ts'
import { CHILD, KNOWN_PERSON, POLICY, riskLinkOf, snapshotOf } from './snapshot-fixture.ts'

const NOW = new Date('2026-11-25T09:00:00Z')
const PERSON = KNOWN_PERSON

const link = (parts: Partial<RiskLinkSeen> = {}) =>
  riskLinkOf({ assessedAt: new Date('2026-03-10T12:00:00Z'), ...parts })

const run = (links: RiskLinkSeen[]) => sg09AssessmentAge(snapshotOf({ riskLinks: links }), NOW, POLICY)
const missing = (): never => assert.fail('expected a finding')

describe('SG-09: the risk assessment is kept current while the contact continues', () => {
  it('is due 12 months after the latest assessment, from the start', () => {
    const [finding = missing(), ...rest] = run([link()])
    assert.equal(rest.length, 0)
    assert.equal(finding.safeguard, 'SG-09')
    assert.equal(finding.severity, 'due')
    assert.equal(finding.childId, CHILD)
    assert.equal(finding.recordId, PERSON)
    assert.equal(finding.dueAt?.toISOString(), '2027-03-10T23:59:00.000Z')
    assert.match(finding.message, /Review the risk assessment of Farrow Mockley while the child lives with them/)
    assert.equal(finding.source.code, 'PR-4')
  })

  it('is already past due when the assessment is older than the policy allows', () => {
    const [finding = missing()] = run([link({ assessedAt: new Date('2025-10-01T12:00:00Z') })])
    assert.ok((finding.dueAt ?? NOW) < NOW)
  })

  it('moves with a newer assessment', () => {
    const [finding = missing()] = run([link({ assessedAt: new Date('2026-11-20T12:00:00Z') })])
    assert.equal(finding.dueAt?.toISOString(), '2027-11-20T23:59:00.000Z')
  })

  it('applies to contact as well as living together', () => {
    const [finding = missing()] = run([link({ link: 'has_contact' })])
    assert.match(finding.message, /has contact with them/)
  })

  it('leaves a person with no assessment to SG-08, and an adult only on the case alone', () => {
    assert.deepEqual(run([link({ assessedAt: null }), link({ link: 'on_case' })]), [])
  })
})
