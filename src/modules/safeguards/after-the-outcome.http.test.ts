import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PDFParse } from 'pdf-parse'
import { fixtures } from '../../../test/given.ts'
import { bearer, testApp } from '../../../test/helpers.ts'

// Issue 13's "done when", through the API on one family: after "no further police action at this time", each
// child's views are heard, the family and the child are told with letters (PDF), every child gets a plan (the
// brother who harmed a harmful-sexual-behaviour plan), and only then may the case close. SG-03, 04, 10, 11 and 14
// prompt, time and refuse, and clear as the work is done.

const { app, clock } = await testApp()
const given = fixtures(app)
// The afternoon the plans are made: every date of the journey is behind it.
clock.set('2026-11-26T17:00:00Z')

type Who = 'sw@csc.example' | 'dc@police.example'

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

async function ok<T = { id: string; version: number }>(
  who: Who,
  method: 'GET' | 'POST',
  url: string,
  payload?: Record<string, unknown>,
): Promise<T> {
  const response = await call(who, method, url, payload)
  assert.ok(response.statusCode < 300, `${method} ${url}: ${String(response.statusCode)} ${response.body}`)
  return response.json<T>()
}

interface Finding {
  safeguard: string
  severity: string
  childId?: string | null
}

const refusedBy = (response: { statusCode: number; body: string }, safeguard: string) => {
  assert.equal(response.statusCode, 422, response.body)
  assert.match(response.body, new RegExp(safeguard))
}

describe('after the outcome, support never stops', () => {
  it('hears each child, tells the family, plans for every child, and only then lets the case close', async () => {
    const harmed = await given.child({ dateOfBirth: '2016-03-14' })
    const brother = await given.child({ dateOfBirth: '2011-07-02' })
    const sister = await given.child({ dateOfBirth: '2021-01-20' })
    const mother = await given.adult()
    const kase = await given.case({
      children: [harmed],
      adults: [{ person: mother, role: 'non_abusing_parent' }],
      agencies: ['police'],
    })
    for (const [child, role] of [
      [brother, 'harmed_another_child'],
      [sister, 'sibling'],
    ] as const)
      await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/children`, {
        personId: child.id,
        role,
        reason: 'Lives in the same household',
      })
    const findings = async () => ok<Finding[]>('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/findings`)
    const has = async (safeguard: string, childId?: string) =>
      (await findings()).some(f => f.safeguard === safeguard && (childId === undefined || f.childId === childId))

    // The enquiry and the investigation open: the child's views and progress updates are due, and the
    // non-abusing parent's views are asked for.
    const enquiry = await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/section47`, {
      childId: harmed.id,
      startedAt: '2026-11-16',
      category: 'SAB',
    })
    const investigation = await ok('dc@police.example', 'POST', `/api/v1/cases/${kase.id}/investigations`, {
      crimeReference: 'NS/AFTER/26',
      childIds: [harmed.id],
      suspectIds: [brother.id],
      openedAt: '2026-11-16',
      offences: 'Sexual assault of a child by a sibling',
    })
    assert.ok(await has('SG-11', harmed.id), 'the child’s views are due before the enquiry ends')
    assert.ok(await has('SG-04', harmed.id), 'a progress update is due while the enquiry is open')
    assert.ok(await has('SG-14'), 'the non-abusing parent’s views are asked for')
    assert.ok(await has('SG-10', sister.id), 'harm by a sibling asks for a plan for every child')

    // The enquiry cannot end before the child is heard.
    refusedBy(
      await call('sw@csc.example', 'POST', `/api/v1/section47/${enquiry.id}/complete`, {
        version: enquiry.version,
        completedAt: '2026-11-23',
        outcome: 'not_substantiated_support',
      }),
      'SG-11',
    )
    for (const [child, words] of [
      [harmed, 'I told my teacher because I wanted it to stop.'],
      [brother, 'I know I did something wrong and I want help to stop.'],
    ] as const)
      await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/child-views`, {
        childId: child.id,
        stage: 'enquiry',
        givenAt: '2026-11-20',
        words,
        communicationMethod: 'spoken_english',
      })
    await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/child-views`, {
      childId: sister.id,
      stage: 'enquiry',
      givenAt: '2026-11-20',
      reasonNotRecorded: 'too_young',
      communicationMethod: 'play_or_drawing',
    })
    await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/parent-views`, {
      personId: mother.id,
      words: 'I believe her. I need help keeping them both safe at home.',
      givenAt: '2026-11-20',
    })
    await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/family-updates`, {
      toPersonIds: [harmed.id, mother.id],
      topics: ['progress', 'support'],
      at: '2026-11-21T16:00:00Z',
      method: 'visit',
      response: 'Mum asked how long the police will take.',
    })
    assert.ok(!(await has('SG-11')) && !(await has('SG-14')), 'the children and their mother have been heard')
    await ok('sw@csc.example', 'POST', `/api/v1/section47/${enquiry.id}/complete`, {
      version: enquiry.version,
      completedAt: '2026-11-23',
      outcome: 'not_substantiated_support',
    })

    // The outcome: no further police action at this time. The case may not close yet (SG-03).
    const current = await ok('dc@police.example', 'GET', `/api/v1/investigations/${investigation.id}`)
    await ok('dc@police.example', 'POST', `/api/v1/investigations/${investigation.id}/outcome`, {
      version: current.version,
      outcome: 'no_further_police_action_at_this_time',
      outcomeCode: '15',
      rationale: 'The evidence does not support a charge now; the child is believed and support continues.',
      agenciesInformed: [await given.agencyId('childrens_social_care')],
      decidedAt: '2026-11-24',
    })
    assert.ok(!(await has('SG-04')), 'no progress updates are due once nothing is open')
    assert.ok(await has('SG-03', harmed.id), 'support never stops: a plan and the family told')
    refusedBy(
      await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/close`, { reason: 'Investigation ended' }),
      'SG-03',
    )

    // Letters: the family's, and a child-friendly one at a level the child can read; each as a PDF, then sent.
    const familyLetter = await ok<{ id: string; version: number; text: string }>(
      'sw@csc.example',
      'POST',
      `/api/v1/cases/${kase.id}/letters`,
      { outcomeId: investigation.id, audience: 'family', language: 'en' },
    )
    assert.match(familyLetter.text, /does not mean/i)
    assert.match(familyLetter.text, /review/i)
    const childLetter = await ok<{ id: string; version: number; withinReadingLevel: boolean | null }>(
      'sw@csc.example',
      'POST',
      `/api/v1/cases/${kase.id}/letters`,
      { outcomeId: investigation.id, childId: harmed.id, audience: 'child', language: 'en' },
    )
    assert.equal(childLetter.withinReadingLevel, true, 'the child’s letter is within what a ten-year-old can read')
    const pdf = await call('sw@csc.example', 'GET', `/api/v1/letters/${childLetter.id}/pdf`)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    const { text } = await new PDFParse({ data: pdf.rawPayload }).getText()
    assert.match(text, new RegExp(harmed.givenName))
    await ok('sw@csc.example', 'POST', `/api/v1/letters/${familyLetter.id}/send`, {
      toPersonIds: [mother.id],
      method: 'letter',
      sentAt: '2026-11-25T10:00:00Z',
      version: familyLetter.version,
    })
    await ok('sw@csc.example', 'POST', `/api/v1/letters/${childLetter.id}/send`, {
      toPersonIds: [harmed.id],
      method: 'visit',
      sentAt: '2026-11-25T16:00:00Z',
      version: childLetter.version,
    })

    // A plan for every child: agreeing one is refused until each has one, the brother a harmful-sexual-behaviour
    // plan (SG-10).
    const draft = (childId: string, kind: string, extra: Record<string, unknown> = {}) =>
      ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/plans`, {
        childId,
        kind,
        summary: 'Weekly visits, a safety plan at home, and therapeutic support through school.',
        startsAt: '2026-11-26',
        reviewOn: '2027-02-26',
        actions: [],
        ...extra,
      })
    const harmedPlan = await draft(harmed.id, 'support', {
      investigationImpact: 'She worries she was not believed; her counsellor will go over the letter with her.',
    })
    const brotherPlan = await draft(brother.id, 'harmful_sexual_behaviour')
    refusedBy(
      await call('sw@csc.example', 'POST', `/api/v1/plans/${harmedPlan.id}/agree`, { version: harmedPlan.version }),
      'SG-10',
    )
    const sisterPlan = await draft(sister.id, 'child_in_need')
    for (const plan of [harmedPlan, brotherPlan, sisterPlan])
      await ok('sw@csc.example', 'POST', `/api/v1/plans/${plan.id}/agree`, { version: plan.version })
    assert.ok(!(await has('SG-10')) && !(await has('SG-03')), 'every child has a plan and the family was told')

    // Now, and only now, the case may close.
    await ok('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/close`, { reason: 'Support continues under plans' })

    const kinds = (await ok<{ kind: string }[]>('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/chronology`)).map(
      e => e.kind,
    )
    for (const kind of [
      'voice.child',
      'voice.parent',
      'family.updated',
      'letter.sent',
      'plan.drafted',
      'plan.agreed',
      'case.closed',
    ])
      assert.ok(kinds.includes(kind), `the chronology has ${kind}`)
  })
})
