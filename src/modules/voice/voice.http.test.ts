import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'

// The clock stands at Wednesday 25 November 2026, 09:00.
const { app, handle } = await testApp()
const given = fixtures(app)

async function call(who: Who, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

const childBody = (childId: string, more: Record<string, unknown> = {}) => ({
  childId,
  stage: 'enquiry',
  givenAt: '2026-11-24',
  words: 'I like it at Nan’s. I don’t want Uncle Bram to come round any more.',
  communicationMethod: 'spoken_english',
  ...more,
})

interface Finding {
  safeguard: string
  severity: string
  childId: string | null
  facts: string[]
}
interface Task {
  safeguard: string | null
  childId: string | null
  dueAt: string
}

const findings = async (caseId: string, safeguard: string) =>
  (await call('sw@csc.example', 'GET', `/api/v1/cases/${caseId}/findings`))
    .json<Finding[]>()
    .filter(f => f.safeguard === safeguard)

const tasks = async (caseId: string, safeguard: string) =>
  (await call('sw@csc.example', 'GET', `/api/v1/cases/${caseId}/tasks`))
    .json<Task[]>()
    .filter(t => t.safeguard === safeguard)

const childViewsOf = (caseId: string) =>
  asSystem(() => handle.db.selectFrom('childViews').selectAll().where('caseId', '=', caseId).execute())
const parentViewsOf = (caseId: string) =>
  asSystem(() => handle.db.selectFrom('parentViews').selectAll().where('caseId', '=', caseId).execute())

/** A case with a child, their mother (not alleged to have harmed them) and an uncle who is alleged to have. */
async function family() {
  const mother = await given.adult({ givenName: 'Marigold' })
  const uncle = await given.adult({ givenName: 'Bram' })
  const { child, kase } = await given.childInCase({
    title: 'Voice case',
    adults: [
      { person: mother, role: 'non_abusing_parent' },
      { person: uncle, role: 'alleged_perpetrator' },
    ],
  })
  return { child, kase, mother, uncle }
}

async function startEnquiry(caseId: string, childId: string) {
  const started = await call('sw@csc.example', 'POST', `/api/v1/cases/${caseId}/section47`, {
    childId,
    startedAt: '2026-11-10',
    category: 'SAB',
  })
  assert.equal(started.statusCode, 201, started.body)
  return started.json<{ id: string }>()
}

const complete = (enquiryId: string) =>
  call('sw@csc.example', 'POST', `/api/v1/section47/${enquiryId}/complete`, {
    version: 1,
    completedAt: '2026-11-24',
    outcome: 'not_substantiated_support',
  })

describe('a child’s views through the API', () => {
  it('records them with how the child communicates, lists them newest first, and puts them on the chronology', async () => {
    const { child, kase } = await family()
    const first = await call(
      'sw@csc.example',
      'POST',
      `/api/v1/cases/${kase.id}/child-views`,
      childBody(child.id, {
        givenAt: '2026-11-12',
        words: 'Nie chcę wracać do domu.',
        communicationMethod: 'interpreter',
        language: 'Polish',
        supportedBy: 'Ana Kowalska, interpreter',
      }),
    )
    assert.equal(first.statusCode, 201, first.body)
    const recorded = first.json<Record<string, unknown>>()
    assert.equal(recorded.childId, child.id)
    assert.equal(recorded.givenAt, '2026-11-12')
    assert.equal(recorded.language, 'Polish')
    assert.equal(recorded.supportedBy, 'Ana Kowalska, interpreter')
    assert.equal(recorded.reasonNotRecorded, null)
    const second = await call(
      'sw@csc.example',
      'POST',
      `/api/v1/cases/${kase.id}/child-views`,
      childBody(child.id, { words: undefined, reasonNotRecorded: 'declined', communicationMethod: 'play_or_drawing' }),
    )
    assert.equal(second.statusCode, 201, second.body)
    assert.equal(second.json<{ words: string | null }>().words, null)
    const listed = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/child-views`)).json<
      { givenAt: string }[]
    >()
    assert.deepEqual(
      listed.map(v => v.givenAt),
      ['2026-11-24', '2026-11-12'],
    )
    const events = await asSystem(() =>
      handle.db.selectFrom('chronologyEvents').select(['kind', 'childId']).where('caseId', '=', kase.id).execute(),
    )
    assert.equal(events.filter(e => e.kind === 'voice.child' && e.childId === child.id).length, 2)
  })

  it('refuses bad input naming the field, saving nothing', async () => {
    const { child, kase } = await family()
    const other = await given.child()
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        childBody(child.id, { words: undefined }),
        'words',
        /Enter the child's views in their own words, or choose why they are not recorded/,
      ],
      [childBody(child.id, { words: '   ' }), 'words', /own words/],
      [childBody(child.id, { reasonNotRecorded: 'declined' }), 'reasonNotRecorded', /only when/],
      [childBody(other.id), 'childId', /child on this case/],
      [childBody(child.id, { givenAt: '2026-11-26' }), 'givenAt', /today or in the past/],
      [childBody(child.id, { communicationMethod: 'interpreter' }), 'supportedBy', /interpreter or intermediary/],
      [childBody(child.id, { communicationMethod: 'intermediary' }), 'supportedBy', /interpreter or intermediary/],
      [childBody(child.id, { stage: 'whenever' }), 'stage', /stage/],
    ]
    for (const [payload, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/child-views`, payload)
      assert.equal(refused.statusCode, 400, JSON.stringify(payload))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, JSON.stringify(refused.json()))
    }
    assert.deepEqual(await childViewsOf(kase.id), [])
  })

  it('is recorded by practitioners on the case team only', async () => {
    const { child, kase } = await family()
    const police = await call('dc@police.example', 'POST', `/api/v1/cases/${kase.id}/child-views`, childBody(child.id))
    assert.equal(police.statusCode, 403, 'the police are not on this team')
    assert.equal((await call('dc@police.example', 'GET', `/api/v1/cases/${kase.id}/child-views`)).statusCode, 403)
    const auditor = await call(
      'auditor@partnership.example',
      'POST',
      `/api/v1/cases/${kase.id}/child-views`,
      childBody(child.id),
    )
    assert.equal(auditor.statusCode, 403, 'an auditor records nothing')
    const { kase: shared } = await given.childInCase({ members: ['dc@police.example'] })
    const sharedChild = (await call('sw@csc.example', 'GET', `/api/v1/cases/${shared.id}`)).json<{
      children: { id: string }[]
    }>().children[0]
    const onTeam = await call(
      'dc@police.example',
      'POST',
      `/api/v1/cases/${shared.id}/child-views`,
      childBody(sharedChild?.id ?? ''),
    )
    assert.equal(onTeam.statusCode, 201, onTeam.body)
    assert.deepEqual(await childViewsOf(kase.id), [])
  })
})

describe('a parent’s or carer’s views through the API', () => {
  it('records them, clearing the SG-14 prompt, and lists them', async () => {
    const { kase, mother } = await family()
    const [prompt] = await findings(kase.id, 'SG-14')
    assert.equal(prompt?.severity, 'prompt')
    assert.match(prompt.facts[0] ?? '', /non-abusing parent or carer/)
    const recorded = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/parent-views`, {
      personId: mother.id,
      givenAt: '2026-11-23',
      words: 'I want him kept away from the children.',
    })
    assert.equal(recorded.statusCode, 201, recorded.body)
    assert.equal(recorded.json<{ personId: string }>().personId, mother.id)
    assert.deepEqual(await findings(kase.id, 'SG-14'), [])
    const listed = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/parent-views`)).json<unknown[]>()
    assert.equal(listed.length, 1)
  })

  it('refuses the alleged perpetrator, someone not on the case, a future day and no words, saving nothing', async () => {
    const { kase, mother, uncle } = await family()
    const stranger = await given.adult()
    const body = (more: Record<string, unknown>) => ({
      personId: mother.id,
      givenAt: '2026-11-23',
      words: 'Their views',
      ...more,
    })
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [
        body({ personId: uncle.id }),
        'personId',
        /^Choose a parent or carer who is not alleged to have harmed the child$/,
      ],
      [body({ personId: stranger.id }), 'personId', /on this case/],
      [body({ givenAt: '2026-12-01' }), 'givenAt', /today or in the past/],
      [body({ words: '' }), 'words', /Enter the parent’s or carer’s views/],
    ]
    for (const [payload, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/parent-views`, payload)
      assert.equal(refused.statusCode, 400, JSON.stringify(payload))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, JSON.stringify(refused.json()))
    }
    assert.deepEqual(await parentViewsOf(kase.id), [])
    assert.equal((await findings(kase.id, 'SG-14')).length, 1)
  })
})

describe('SG-11: the child’s views in a section 47 enquiry', () => {
  it('opens a task when the enquiry starts, due when it should end, and closes it when the views are recorded', async () => {
    const { child, kase } = await family()
    await startEnquiry(kase.id, child.id)
    const [task] = await tasks(kase.id, 'SG-11')
    assert.equal(task?.childId, child.id)
    // 45 working days from Tuesday 10 November 2026, over Christmas and New Year.
    assert.equal(task.dueAt, '2027-01-15T23:59:00.000Z')
    const recorded = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/child-views`, childBody(child.id))
    assert.equal(recorded.statusCode, 201, recorded.body)
    assert.deepEqual(await tasks(kase.id, 'SG-11'), [])
    assert.deepEqual(await findings(kase.id, 'SG-11'), [])
  })

  it('refuses to complete the enquiry without the child’s views, and completes it once they are recorded', async () => {
    const { child, kase } = await family()
    const enquiry = await startEnquiry(kase.id, child.id)
    const refused = await complete(enquiry.id)
    assert.equal(refused.statusCode, 422, refused.body)
    const body = refused.json<ErrorBody & { error: { findings?: { safeguard: string; message: string }[] } }>()
    assert.equal(body.error.code, 'safeguard')
    assert.ok(
      body.error.findings?.some(
        f =>
          f.safeguard === 'SG-11' &&
          f.message === "Record the child's views in their own words, or why not, before the enquiry ends",
      ),
      refused.body,
    )
    const noWords = await call(
      'sw@csc.example',
      'POST',
      `/api/v1/cases/${kase.id}/child-views`,
      childBody(child.id, { words: undefined, reasonNotRecorded: 'too_young', communicationMethod: 'play_or_drawing' }),
    )
    assert.equal(noWords.statusCode, 201, noWords.body)
    const done = await complete(enquiry.id)
    assert.equal(done.statusCode, 200, done.body)
  })
})

describe('the views through the pages', () => {
  it('records a child’s views through check your answers, shown on the case and on the child’s record', async () => {
    const { child, kase } = await family()
    const sam = await given.agent('sw@csc.example')
    const list = await sam.get(`/cases/${kase.id}/views`)
    assert.equal(list.statusCode, 200)
    assert.ok(page(list)(`a[href="/cases/${kase.id}/child-views/new?childId=${child.id}"]`).length)
    const form = await sam.get(`/cases/${kase.id}/child-views/new?childId=${child.id}`)
    assert.equal(form.statusCode, 200)
    assert.equal(page(form)('input[name="childId"]:checked').val(), child.id)
    assert.equal(page(form)('textarea#words').text().trim(), '')
    const fields = {
      childId: child.id,
      stage: 'enquiry',
      'givenAt-day': '24',
      'givenAt-month': '11',
      'givenAt-year': '2026',
      words: 'I feel safe at school.',
      communicationMethod: 'sign_language',
      language: 'British Sign Language',
      supportedBy: '',
    }
    const checking = await sam.post(`/cases/${kase.id}/child-views`, fields)
    assert.equal(checking.statusCode, 200, checking.body)
    assert.match(checking.body, /I feel safe at school\./)
    assert.deepEqual(await childViewsOf(kase.id), [])
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303)
    const shown = await sam.get(String(done.headers.location))
    assert.match(shown.body, /I feel safe at school\./)
    assert.match(shown.body, /Sign language/)
    const record = await sam.get(`/people/${child.id}`)
    assert.match(record.body, /Views in their own words/)
    assert.match(record.body, /I feel safe at school\./)
  })

  it('keeps what was typed when the form is refused, naming the field', async () => {
    const { child, kase } = await family()
    const sam = await given.agent('sw@csc.example')
    await sam.get(`/cases/${kase.id}/child-views/new`)
    const refused = await sam.post(`/cases/${kase.id}/child-views`, {
      childId: child.id,
      stage: 'enquiry',
      'givenAt-day': '24',
      'givenAt-month': '11',
      'givenAt-year': '2026',
      words: 'Mum is kind.',
      communicationMethod: 'interpreter',
      language: 'Polish',
      supportedBy: '',
    })
    assert.equal(refused.statusCode, 400)
    assert.match(page(refused)('.govuk-error-summary').text(), /interpreter or intermediary/)
    assert.equal(page(refused)('textarea#words').text().trim(), 'Mum is kind.')
    assert.equal(page(refused)('#language').val(), 'Polish')
  })

  it('offers only parents and carers not alleged to have harmed the child', async () => {
    const { kase, mother, uncle } = await family()
    const sam = await given.agent('sw@csc.example')
    const form = await sam.get(`/cases/${kase.id}/parent-views/new`)
    const offered = page(form)('input[name="personId"]')
      .map((_i, el) => page(form)(el).val())
      .get()
    assert.deepEqual(offered, [mother.id])
    assert.ok(!offered.includes(uncle.id))
    const checking = await sam.post(`/cases/${kase.id}/parent-views`, {
      personId: mother.id,
      'givenAt-day': '23',
      'givenAt-month': '11',
      'givenAt-year': '2026',
      words: 'Keep him away.',
    })
    assert.equal(checking.statusCode, 200, checking.body)
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303)
    assert.equal((await parentViewsOf(kase.id)).length, 1)
  })
})

describe('a merge of two records of one person', () => {
  it('moves their views to the record kept, and an undone merge moves them back', async () => {
    const { child: twice, kase, mother } = await family()
    const keptChild = await given.child()
    const keptMother = await given.adult()
    const view = await given.childViews(kase, twice)
    const parent = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/parent-views`, {
      personId: mother.id,
      givenAt: '2026-11-23',
      words: 'Their views',
    })
    const merge = (from: string, into: string) =>
      call('sw@csc.example', 'POST', `/api/v1/people/${from}/merge`, { intoPersonId: into, reason: 'Same person' })
    const merged = await merge(twice.id, keptChild.id)
    assert.equal(merged.statusCode, 200, merged.body)
    assert.deepEqual(merged.json<{ moved: Record<string, string[]> }>().moved.childViews, [view.id])
    const mergedMother = await merge(mother.id, keptMother.id)
    assert.equal(mergedMother.statusCode, 200, mergedMother.body)
    assert.deepEqual(mergedMother.json<{ moved: Record<string, string[]> }>().moved.parentViews, [
      parent.json<{ id: string }>().id,
    ])
    assert.deepEqual(
      (await childViewsOf(kase.id)).map(v => v.childId),
      [keptChild.id],
    )
    const undone = await call('sw@csc.example', 'POST', `/api/v1/people/${twice.id}/unmerge`, {
      reason: 'Twins after all',
    })
    assert.equal(undone.statusCode, 200, undone.body)
    assert.deepEqual(
      (await childViewsOf(kase.id)).map(v => v.childId),
      [twice.id],
    )
  })
})
