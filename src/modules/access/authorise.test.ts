import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ACTIONS } from '../../app.ts'
import type { Actor, Subject } from '../../kernel/actor.ts'
import { authorise as decide, type Relationship } from './authorise.ts'

const authorise = (subject: Subject, action: string, relationship?: Relationship) => {
  const rule = ACTIONS[action]
  if (!rule) throw new Error(`No action ${action}`)
  return decide(subject, rule, relationship)
}

const actor = (roles: Actor['roles']): Actor => ({
  userId: 'u',
  partnershipId: 'p',
  partnershipName: 'Testshire',
  agencyId: 'a',
  agencyName: 'Testshire Police',
  agencyKind: 'police',
  email: 'x@police.example',
  displayName: 'Testy McTestface',
  roles,
  csaClinicalExperience: false,
})

describe('authorise', () => {
  it('lets anyone reach public actions', () => {
    assert.deepEqual(authorise({ kind: 'anonymous' }, 'service.health'), { allow: true })
  })
  it('lets anyone, signed in or not, read the pages about the service the footer links to', () => {
    for (const action of ['service.accessibility', 'service.privacy', 'service.cookies', 'service.help']) {
      assert.deepEqual(authorise({ kind: 'anonymous' }, action), { allow: true })
      assert.deepEqual(
        authorise({ kind: 'pending', actor: actor(['social_worker']), authenticatorSetUp: false }, action),
        { allow: true },
      )
      assert.deepEqual(authorise({ kind: 'signedIn', actor: actor(['auditor']) }, action), { allow: true })
    }
  })
  it('sends nobody to sign in for anything else', () => {
    assert.deepEqual(authorise({ kind: 'anonymous' }, 'home.view'), { allow: false, reason: 'unauthenticated' })
  })
  it('holds a user between password and second factor at the second factor', () => {
    assert.deepEqual(
      authorise({ kind: 'pending', actor: actor(['social_worker']), authenticatorSetUp: true }, 'home.view'),
      { allow: false, reason: 'second_factor_required' },
    )
    assert.deepEqual(
      authorise({ kind: 'pending', actor: actor(['social_worker']), authenticatorSetUp: true }, 'signIn.secondFactor'),
      { allow: true },
    )
  })
  it('keeps administration to administrators', () => {
    assert.deepEqual(authorise({ kind: 'signedIn', actor: actor(['social_worker']) }, 'admin.users.add'), {
      allow: false,
      reason: 'forbidden',
    })
    assert.deepEqual(authorise({ kind: 'signedIn', actor: actor(['administrator']) }, 'admin.users.add'), {
      allow: true,
    })
  })
})
