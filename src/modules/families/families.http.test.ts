import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PDFParse } from 'pdf-parse'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { ErrorBody } from '../../../test/types.ts'
import { draftLetter } from './letter-text.ts'
import { gradeLimitFor, readingGrade } from './reading-level.ts'

// The clock stands at Wednesday 25 November 2026, 09:00.
const { app, handle } = await testApp()
const given = fixtures(app)
const cscAgency = await given.agencyId('childrens_social_care')
let references = 0

async function call(who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

/** A case about a child (born 5 May 2017) and their mother, with the police on the team. */
async function familyCase() {
  const mother = await given.adult({ givenName: 'Orla' })
  const child = await given.child({ givenName: 'Wrenna' })
  const kase = await given.case({
    title: 'Family case',
    children: [child],
    adults: [{ person: mother, role: 'parent' }],
    agencies: ['police'],
  })
  return { child, mother, kase }
}

/** An investigation about the child, opened on 2 November, whose outcome (NFPA, code 15) is recorded if asked. */
async function investigation(caseId: string, childId: string, outcome = true) {
  const opened = await call('police_investigator', 'POST', `/api/v1/cases/${caseId}/investigations`, {
    crimeReference: `NS/${String(7100 + references++)}/26`,
    childIds: [childId],
    openedAt: '2026-11-02T10:00:00Z',
    offences: 'Sexual assault of a child under 13',
  })
  assert.equal(opened.statusCode, 201, opened.body)
  const { id, version } = opened.json<{ id: string; version: number }>()
  if (outcome) {
    const closed = await call('police_investigator', 'POST', `/api/v1/investigations/${id}/outcome`, {
      version,
      outcome: 'no_further_police_action_at_this_time',
      outcomeCode: '15',
      rationale: 'The CPS advised that the evidence does not meet the test for charge at this time',
      agenciesInformed: [cscAgency],
      decidedAt: '2026-11-20T10:00:00Z',
    })
    assert.equal(closed.statusCode, 200, closed.body)
  }
  return id
}

const update = (toPersonIds: string[], more: Record<string, unknown> = {}) => ({
  toPersonIds,
  topics: ['progress'],
  at: '2026-11-24T15:00:00Z',
  method: 'visit',
  response: 'Mum asked how long the police will take',
  ...more,
})

const sg04 = async (caseId: string) =>
  (await call('sw@csc.example', 'GET', `/api/v1/cases/${caseId}/findings`))
    .json<{ safeguard: string; childId: string; dueAt: string }[]>()
    .filter(f => f.safeguard === 'SG-04')

const tasksOf = (caseId: string) =>
  asSystem(() =>
    handle.db
      .selectFrom('tasks')
      .select(['dueAt', 'status'])
      .where('caseId', '=', caseId)
      .where('safeguard', '=', 'SG-04')
      .where('status', '=', 'open')
      .execute(),
  )

const updatesOf = (caseId: string) =>
  asSystem(() => handle.db.selectFrom('familyUpdates').selectAll().where('caseId', '=', caseId).execute())

const HARD =
  'Notwithstanding the aforementioned considerations, investigative determinations remain provisional, ' +
  'contingent upon subsequent evidential developments and prosecutorial reconsideration by the authorities concerned.'

interface LetterBody {
  id: string
  text: string
  readingLevel: number | null
  readingLevelLimit: number | null
  withinReadingLevel: boolean | null
  version: number
  status: string
  language: string
  sentUpdateId: string | null
}

describe('family updates through the API', () => {
  it('records who was told what, lists it and writes the chronology', async () => {
    const { child, mother, kase } = await familyCase()
    const recorded = await call(
      'sw@csc.example',
      'POST',
      `/api/v1/cases/${kase.id}/family-updates`,
      update([mother.id, child.id], { childId: child.id, topics: ['progress', 'support'] }),
    )
    assert.equal(recorded.statusCode, 201, recorded.body)
    const body = recorded.json<{ topics: string[]; toPeople: { id: string }[]; method: string; response: string }>()
    assert.deepEqual(body.topics, ['progress', 'support'])
    assert.deepEqual(body.toPeople.map(p => p.id).sort(), [mother.id, child.id].sort())
    assert.equal(body.response, 'Mum asked how long the police will take')
    const listed = await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/family-updates`)
    assert.equal(listed.json<unknown[]>().length, 1)
    const events = await asSystem(() =>
      handle.db.selectFrom('chronologyEvents').select(['kind', 'childId']).where('caseId', '=', kase.id).execute(),
    )
    assert.ok(events.some(e => e.kind === 'family.updated' && e.childId === child.id))
  })

  it('refuses bad input naming the field, saving nothing', async () => {
    const { child, mother, kase } = await familyCase()
    const stranger = await given.adult()
    const otherChild = await given.child()
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [update([mother.id], { at: '2026-11-26T09:00:00Z' }), 'at', /now or in the past/],
      [update([stranger.id]), 'toPersonIds', /people on this case/],
      [update([mother.id], { topics: [] }), 'topics', /Choose what they were told/],
      [update([mother.id], { childId: otherChild.id }), 'childId', /child on this case/],
      [update([mother.id], { method: 'pigeon' }), 'method', /how they were told/],
    ]
    for (const [payload, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/family-updates`, payload)
      assert.equal(refused.statusCode, 400, JSON.stringify(payload))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, refused.body)
    }
    assert.deepEqual(await updatesOf(kase.id), [])
    assert.ok(child)
  })
})

describe('SG-04 through the API', () => {
  it('opens a task while an investigation is open, moves it with a progress update, and closes with the outcome', async () => {
    const { child, mother, kase } = await familyCase()
    const id = await investigation(kase.id, child.id, false)
    const [due] = await sg04(kase.id)
    assert.equal(due?.childId, child.id)
    assert.equal(due.dueAt, '2026-11-30T23:59:00.000Z')
    assert.equal((await tasksOf(kase.id)).length, 1)
    const told = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/family-updates`, update([mother.id]))
    assert.equal(told.statusCode, 201, told.body)
    const [moved] = await sg04(kase.id)
    assert.equal(moved?.dueAt, '2026-12-22T23:59:00.000Z')
    const [task] = await tasksOf(kase.id)
    assert.equal(task?.dueAt.toISOString(), '2026-12-22T23:59:00.000Z')
    const read = await call('police_investigator', 'GET', `/api/v1/investigations/${id}`)
    const closed = await call('police_investigator', 'POST', `/api/v1/investigations/${id}/outcome`, {
      version: read.json<{ version: number }>().version,
      outcome: 'no_further_police_action_at_this_time',
      outcomeCode: '15',
      rationale: 'The CPS advised that the evidence does not meet the test for charge at this time',
      agenciesInformed: [cscAgency],
      decidedAt: '2026-11-24T10:00:00Z',
    })
    assert.equal(closed.statusCode, 200, closed.body)
    assert.deepEqual(await sg04(kase.id), [])
    assert.deepEqual(await tasksOf(kase.id), [])
  })
})

describe('letters through the API', () => {
  it('makes the family’s letter from an outcome, edits it, refuses a stale version and reads back its PDF', async () => {
    const { child, kase } = await familyCase()
    const outcomeId = await investigation(kase.id, child.id)
    const made = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/letters`, {
      outcomeId,
      audience: 'family',
      language: 'en',
    })
    assert.equal(made.statusCode, 201, made.body)
    const letter = made.json<LetterBody>()
    assert.match(letter.text, /does not mean that Wrenna was not believed/)
    assert.match(letter.text, /evidence does not meet the test for charge/)
    assert.match(letter.text, /Right to Review/)
    assert.match(letter.text, /Sam Caseworth/)
    assert.equal(typeof letter.readingLevel, 'number')
    const edited = await call('sw@csc.example', 'PATCH', `/api/v1/letters/${letter.id}`, {
      version: letter.version,
      text: `${letter.text}\n\nPS: Wrenna’s school knows to look out for her.`,
    })
    assert.equal(edited.statusCode, 200, edited.body)
    assert.equal(edited.json<LetterBody>().version, letter.version + 1)
    const stale = await call('sw@csc.example', 'PATCH', `/api/v1/letters/${letter.id}`, {
      version: letter.version,
      text: 'Another edit',
    })
    assert.equal(stale.statusCode, 409, stale.body)
    const pdf = await call('sw@csc.example', 'GET', `/api/v1/letters/${letter.id}/pdf`)
    assert.equal(pdf.statusCode, 200)
    assert.match(String(pdf.headers['content-type']), /^application\/pdf/)
    assert.equal(pdf.headers['cache-control'], 'no-store')
    const { text } = await new PDFParse({ data: pdf.rawPayload }).getText()
    assert.match(text, /Wrenna/)
    assert.match(text, /5 May 2037/, 'the 20th birthday of a child born on 5 May 2017')
    assert.match(text, /right to review/i)
    assert.match(text, /school knows to look out/)
  })

  it('lists the case’s letters, for whoever may read the case', async () => {
    const { child, kase } = await familyCase()
    const outcomeId = await investigation(kase.id, child.id)
    const made = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/letters`, {
      outcomeId,
      childId: child.id,
      audience: 'child',
      language: 'en',
    })
    assert.equal(made.statusCode, 201, made.body)
    const listed = await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/letters`)
    assert.equal(listed.statusCode, 200, listed.body)
    assert.deepEqual(
      listed.json<LetterBody[]>().map(l => l.id),
      [made.json<LetterBody>().id],
    )
    const stranger = await call('dsl@school.example', 'GET', `/api/v1/cases/${kase.id}/letters`)
    assert.equal(stranger.statusCode, 403, stranger.body)
  })

  it('sends a letter: records the family update with its topics, and the letter then cannot change', async () => {
    const { child, mother, kase } = await familyCase()
    const outcomeId = await investigation(kase.id, child.id)
    const letter = (
      await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/letters`, {
        outcomeId,
        audience: 'family',
        language: 'en',
      })
    ).json<LetterBody>()
    const sent = await call('sw@csc.example', 'POST', `/api/v1/letters/${letter.id}/send`, {
      toPersonIds: [mother.id],
      method: 'letter',
      sentAt: '2026-11-24T16:00:00Z',
    })
    assert.equal(sent.statusCode, 200, sent.body)
    const body = sent.json<LetterBody>()
    assert.equal(body.status, 'sent')
    const [recorded] = (await call('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/family-updates`)).json<
      { id: string; topics: string[]; letterId: string; method: string }[]
    >()
    assert.equal(recorded?.id, body.sentUpdateId)
    assert.equal(recorded.letterId, letter.id)
    assert.deepEqual(recorded.topics, ['outcome', 'reasons', 'right_to_review', 'compensation', 'support'])
    const events = await asSystem(() =>
      handle.db.selectFrom('chronologyEvents').select('kind').where('caseId', '=', kase.id).execute(),
    )
    assert.ok(events.some(e => e.kind === 'letter.sent'))
    const edit = await call('sw@csc.example', 'PATCH', `/api/v1/letters/${letter.id}`, {
      version: body.version,
      text: 'Changed after sending',
    })
    assert.equal(edit.statusCode, 409)
    const again = await call('sw@csc.example', 'POST', `/api/v1/letters/${letter.id}/send`, {
      toPersonIds: [mother.id],
      method: 'letter',
      sentAt: '2026-11-24T16:00:00Z',
    })
    assert.equal(again.statusCode, 409)
    assert.equal((await updatesOf(kase.id)).length, 1)
  })

  it('writes the child’s letter to them by first name, within the reading level for their age', async () => {
    const { child, kase } = await familyCase()
    const outcomeId = await investigation(kase.id, child.id)
    const made = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/letters`, {
      outcomeId,
      childId: child.id,
      audience: 'child',
      language: 'en',
    })
    assert.equal(made.statusCode, 201, made.body)
    const letter = made.json<LetterBody>()
    assert.match(letter.text, /^Dear Wrenna,/)
    assert.match(letter.text, /does not mean we did not believe you/)
    // Nine years old: grade 3 at most.
    assert.equal(letter.readingLevelLimit, 3)
    assert.equal(letter.withinReadingLevel, true)
    const harder = await call('sw@csc.example', 'PATCH', `/api/v1/letters/${letter.id}`, {
      version: letter.version,
      text: `${letter.text}\n${HARD}`,
    })
    assert.equal(harder.json<LetterBody>().withinReadingLevel, false)
  })

  it('keeps each generated child’s letter within the rule for children of several ages', () => {
    for (const [dateOfBirth, age] of [
      ['2020-01-10', 6],
      ['2017-05-05', 9],
      ['2014-03-01', 12],
      ['2010-08-20', 16],
    ] as const)
      for (const kind of ['no_further_police_action_at_this_time', 'charged', 'diversion', 'transferred'] as const) {
        const text = draftLetter({
          audience: 'child',
          children: [{ givenName: 'Anastasia', familyName: 'Fixturechild', dateOfBirth }],
          lead: { name: 'Sam Caseworth', agencyName: 'Northshire Children’s Social Care' },
          author: { name: 'Sam Caseworth', agencyName: 'Northshire Children’s Social Care' },
          reportedOn: '2026-11-02',
          investigation: {
            crimeReference: 'NS/1/26',
            outcome: {
              kind,
              code: kind === 'no_further_police_action_at_this_time' ? '15' : kind === 'charged' ? '1' : '22',
              rationale: 'The evidential test for a prosecution is not met on the information presently available',
              decidedAt: new Date('2026-11-20T10:00:00Z'),
            },
          },
        })
        const grade = readingGrade(text) ?? Infinity
        const limit = gradeLimitFor(age) ?? -Infinity
        assert.ok(
          grade <= limit,
          `${kind} for a child of ${String(age)}: grade ${String(grade)} above ${String(limit)}`,
        )
      }
  })

  it('refuses a letter for a child not on the case, a child’s letter with no child, and an outcome elsewhere', async () => {
    const { child, kase } = await familyCase()
    const other = await familyCase()
    const elsewhere = await investigation(other.kase.id, other.child.id)
    const stranger = await given.child()
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ childId: stranger.id, audience: 'family', language: 'en' }, 'childId', /child on this case/],
      [{ audience: 'child', language: 'en' }, 'childId', /child the letter is for/],
      [{ outcomeId: elsewhere, audience: 'family', language: 'en' }, 'outcomeId', /on this case/],
      [{ childId: child.id, audience: 'family', language: 'english!' }, 'language', /code like en/],
    ]
    for (const [payload, field, message] of cases) {
      const refused = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/letters`, payload)
      assert.equal(refused.statusCode, 400, JSON.stringify(payload))
      assert.match(refused.json<ErrorBody>().error.fields?.[field] ?? '', message, refused.body)
    }
    const letters = await asSystem(() =>
      handle.db.selectFrom('letters').select('id').where('caseId', '=', kase.id).execute(),
    )
    assert.deepEqual(letters, [])
  })

  it('needs the translator’s text for a letter in another language, and records the language', async () => {
    const { child, kase } = await familyCase()
    const outcomeId = await investigation(kase.id, child.id)
    const url = `/api/v1/cases/${kase.id}/letters`
    const refused = await call('sw@csc.example', 'POST', url, { outcomeId, audience: 'family', language: 'pl' })
    assert.equal(refused.statusCode, 400)
    assert.match(refused.json<ErrorBody>().error.fields?.text ?? '', /translator/)
    const made = await call('sw@csc.example', 'POST', url, {
      outcomeId,
      audience: 'family',
      language: 'pl',
      text: 'Szanowni Państwo, piszę, aby poinformować o wyniku dochodzenia policyjnego.',
    })
    assert.equal(made.statusCode, 201, made.body)
    const letter = made.json<LetterBody>()
    assert.equal(letter.language, 'pl')
    assert.equal(letter.readingLevel, null, 'Flesch–Kincaid measures English only')
    const pdf = await call('sw@csc.example', 'GET', `/api/v1/letters/${letter.id}/pdf`)
    const { text } = await new PDFParse({ data: pdf.rawPayload }).getText()
    assert.match(text, /Szanowni Państwo/)
  })

  it('is made only by the case team', async () => {
    const { kase } = await familyCase()
    const refused = await call('nurse@health.example', 'POST', `/api/v1/cases/${kase.id}/letters`, {
      audience: 'family',
      language: 'en',
    })
    assert.equal(refused.statusCode, 403)
  })
})

describe('telling the family through the pages', () => {
  it('records an update through check your answers, and shows it on the family page', async () => {
    const { child, mother, kase } = await familyCase()
    const sam = await given.agent('sw@csc.example')
    const list = await sam.get(`/cases/${kase.id}/family`)
    assert.equal(list.statusCode, 200)
    assert.ok(page(list)(`a[href="/cases/${kase.id}/family-updates/new"]`).length)
    assert.equal((await sam.get(`/cases/${kase.id}/family-updates/new`)).statusCode, 200)
    const fields = {
      toPersonIds: [mother.id, child.id],
      childId: child.id,
      topics: ['progress'],
      'at-day': '24',
      'at-month': '11',
      'at-year': '2026',
      atTime: '3pm',
      method: 'visit',
      response: 'Orla asked when the police will decide',
    }
    const future = await sam.post(`/cases/${kase.id}/family-updates`, { ...fields, 'at-day': '26' })
    assert.equal(future.statusCode, 400)
    assert.match(page(future)('.govuk-error-summary').text(), /today or in the past/)
    const checking = await sam.post(`/cases/${kase.id}/family-updates`, fields)
    assert.equal(checking.statusCode, 200, checking.body)
    assert.match(checking.body, /Check your answers/)
    assert.deepEqual(await updatesOf(kase.id), [])
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303)
    const shown = await sam.get(String(done.headers.location))
    assert.match(shown.body, /Orla asked when the police will decide/)
    assert.equal((await updatesOf(kase.id)).length, 1)
  })

  it('makes a letter, edits it, and sends it through check your answers', async () => {
    const { child, mother, kase } = await familyCase()
    const outcomeId = await investigation(kase.id, child.id)
    const sam = await given.agent('sw@csc.example')
    const form = await sam.get(`/cases/${kase.id}/letters/new`)
    assert.equal(form.statusCode, 200)
    assert.ok(page(form)(`input[name="outcomeId"][value="${outcomeId}"]`).length)
    const made = await sam.post(`/cases/${kase.id}/letters`, {
      outcomeId,
      audience: 'child',
      childId: child.id,
      language: 'en',
      text: '',
    })
    assert.equal(made.statusCode, 303, made.body)
    const letterUrl = String(made.headers.location).split('?')[0] ?? ''
    const shown = await sam.get(letterUrl)
    assert.equal(shown.statusCode, 200)
    const $ = page(shown)
    assert.match($('#text').val() as string, /^Dear Wrenna,/)
    assert.match($('.govuk-summary-list').text(), /Grade \d/)
    const version = $('input[name="version"]').val() as string
    const harder = await sam.post(letterUrl, {
      version,
      text: `${String($('#text').val())}\n${HARD}`,
    })
    assert.equal(harder.statusCode, 303, harder.body)
    const warned = await sam.get(letterUrl)
    assert.match(page(warned)('.govuk-warning-text').text(), /harder to read than the child’s age allows/)
    const print = await sam.get(`${letterUrl}/print`)
    assert.equal(print.statusCode, 200)
    assert.match(print.body, /Dear Wrenna/)
    const pdf = await sam.get(`${letterUrl}/pdf`)
    assert.match(String(pdf.headers['content-type']), /^application\/pdf/)
    const sendForm = await sam.get(`${letterUrl}/send`)
    assert.equal(sendForm.statusCode, 200)
    const sendVersion = page(sendForm)('input[name="version"]').val() as string
    const checking = await sam.post(`${letterUrl}/send`, {
      version: sendVersion,
      toPersonIds: [child.id, mother.id],
      method: 'visit',
      'sentAt-day': '24',
      'sentAt-month': '11',
      'sentAt-year': '2026',
      sentAtTime: '16:00',
    })
    assert.equal(checking.statusCode, 200, checking.body)
    assert.match(checking.body, /Their right to ask for a review/)
    const done = await sam.confirm()
    assert.equal(done.statusCode, 303, done.body)
    assert.equal(String(done.headers.location), `/cases/${kase.id}/family?sent=1`)
    const [update] = await updatesOf(kase.id)
    assert.equal(update?.method, 'visit')
    const after = await sam.get(letterUrl)
    assert.equal(page(after)('#text').length, 0, 'a sent letter is not edited')
  })
})

describe('a merge of two records of one child', () => {
  it('moves the updates and letters about the merged record to the record kept, and back when undone', async () => {
    const kept = await given.child()
    const { child: twice, mother, kase } = await familyCase()
    const told = await call(
      'sw@csc.example',
      'POST',
      `/api/v1/cases/${kase.id}/family-updates`,
      update([twice.id, mother.id], { childId: twice.id }),
    )
    assert.equal(told.statusCode, 201, told.body)
    const letter = await call('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/letters`, {
      childId: twice.id,
      audience: 'family',
      language: 'en',
    })
    assert.equal(letter.statusCode, 201, letter.body)
    const named = () =>
      asSystem(async () => ({
        update: (await handle.db.selectFrom('familyUpdates').select('childId').where('caseId', '=', kase.id).execute())
          .map(r => r.childId)
          .join(),
        people: (
          await handle.db
            .selectFrom('familyUpdatePeople')
            .select('personId')
            .where('updateId', '=', told.json<{ id: string }>().id)
            .execute()
        )
          .map(r => r.personId)
          .sort()
          .join(),
        letter: (await handle.db.selectFrom('letters').select('childId').where('caseId', '=', kase.id).execute())
          .map(r => r.childId)
          .join(),
      }))
    const sw = bearer(await given.apiToken('sw@csc.example'))
    const merged = await app.inject({
      method: 'POST',
      url: `/api/v1/people/${twice.id}/merge`,
      headers: sw,
      payload: { intoPersonId: kept.id, reason: 'Same child, confirmed with the school' },
    })
    assert.equal(merged.statusCode, 200, merged.body)
    assert.deepEqual(await named(), {
      update: kept.id,
      people: [kept.id, mother.id].sort().join(),
      letter: kept.id,
    })
    const undone = await app.inject({
      method: 'POST',
      url: `/api/v1/people/${twice.id}/unmerge`,
      headers: sw,
      payload: { reason: 'Twins: the school had them muddled' },
    })
    assert.equal(undone.statusCode, 200, undone.body)
    assert.deepEqual(await named(), {
      update: twice.id,
      people: [twice.id, mother.id].sort().join(),
      letter: twice.id,
    })
  })
})
