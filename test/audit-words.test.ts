import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ACTIONS } from '../src/app.ts'
import { phraseKnown } from '../src/modules/audit/index.ts'

// The auditor reads the log in words: every action a signed-in person can take (and so be logged doing, or
// refused) must have them, or the auditor's view would show a code. Actions open to anyone log nothing.

describe('the audit log in words', () => {
  it('has words for every action a signed-in person can take', () => {
    const missing = Object.entries(ACTIONS)
      .filter(([action, rule]) => rule.audience !== 'anyone' && !phraseKnown(action))
      .map(([action]) => action)
    assert.deepEqual(missing, [], 'add each to PHRASES in src/modules/audit/describe.ts')
  })
})
