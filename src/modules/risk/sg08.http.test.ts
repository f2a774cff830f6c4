import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { urls } from '../../web/urls.ts'
import { fixtures } from '../../../test/given.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import type { ApiBody } from '../../../test/types.ts'

// SG-08 and SG-09 through the API: any link between a child in an open case and a person with something known
// (a conviction recorded, a relationship added, the person added to the case) opens a task on each case, and the
// person's probation contact is told. The register's own records (civil orders, assessments, management,
// discussions) are built in parallel, so this file writes them straight into the database (`register` below).

type Task = ApiBody<'caseTasks', 200>[number]

const { app, clock } = await testApp()
const given = fixtures(app)
const { db } = app.lantern

async function api(who: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return app.inject({
    method,
    url,
    headers: bearer(await given.apiToken(who as never)),
    ...(payload ? { payload } : {}),
  })
}

async function tasksOf(kase: { id: string }, safeguard: string, status: 'open' | 'done' = 'open') {
  const response = await api('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/tasks?status=${status}`)
  assert.equal(response.statusCode, 200, response.body)
  return response.json<Task[]>().filter(t => t.safeguard === safeguard)
}

async function convict(person: { id: string }, by = 'sw@csc.example') {
  const response = await api(by, 'POST', `/api/v1/people/${person.id}/offending-history`, {
    kind: 'conviction',
    date: '2015-03-02',
    description: 'Convicted of an offence against a child',
  })
  assert.equal(response.statusCode, 201, response.body)
}

async function relate(child: { id: string }, adult: { id: string }, link: 'livesWith' | 'hasContact' = 'livesWith') {
  const response = await api('sw@csc.example', 'POST', `/api/v1/people/${child.id}/relationships`, {
    otherPersonId: adult.id,
    kind: 'step_parent',
    livesWith: link === 'livesWith',
    hasContact: true,
  })
  assert.equal(response.statusCode, 201, response.body)
  return response.json<{ id: string }>().id
}

async function notificationsOf(userId: string) {
  return asSystem(() =>
    db
      .selectFrom('notifications')
      .select(['text', 'link'])
      .where('userId', '=', userId)
      .where('kind', '=', 'register.childLinked')
      .orderBy('createdAt')
      .execute(),
  )
}

/** The register's records, written as the system would: the parts that record them are built alongside. */
const register = {
  async who() {
    const worker = await asSystem(() =>
      db
        .selectFrom('users')
        .select(['id', 'partnershipId'])
        .where('email', '=', 'sw@csc.example')
        .executeTakeFirstOrThrow(),
    )
    return { partnershipId: worker.partnershipId, userId: worker.id, agencyId: await given.agencyId('csc') }
  },
  async probationContact(person: { id: string }, userId: string) {
    const { partnershipId, userId: by, agencyId } = await register.who()
    await asSystem(() =>
      db
        .insertInto('riskManagement')
        .values({
          partnershipId,
          personId: person.id,
          probationContactUserId: userId,
          updatedByUserId: by,
          updatedByAgencyId: agencyId,
          updatedAt: clock(),
        })
        .execute(),
    )
  },
  async assessment(person: { id: string }, assessedOn: string) {
    const { partnershipId, userId, agencyId } = await register.who()
    await asSystem(() =>
      db
        .insertInto('riskAssessments')
        .values({
          partnershipId,
          personId: person.id,
          tool: 'arms',
          assessedOn,
          assessorAgencyId: agencyId,
          level: 'medium',
          summary: 'Assessed with the family',
          nextReviewOn: '2027-06-01',
          recordedByUserId: userId,
          recordedByAgencyId: agencyId,
          recordedAt: clock(),
        })
        .execute(),
    )
  },
  async discussion(kase: { id: string }, person: { id: string }, heldAt = clock()) {
    const { partnershipId, userId, agencyId } = await register.who()
    await asSystem(() =>
      db
        .insertInto('riskDiscussions')
        .values({
          partnershipId,
          caseId: kase.id,
          personId: person.id,
          heldAt,
          summary: 'Police, probation and children’s social care met',
          civilOrderConsidered: true,
          civilOrderReason: 'An order is already in place',
          recordedByUserId: userId,
          recordedByAgencyId: agencyId,
          recordedAt: clock(),
        })
        .execute(),
    )
  },
}

describe('SG-08: a child linked to someone who may present a risk of sexual harm', () => {
  it('opens a task on each child’s case when a conviction is recorded against a step-father who lives with them', async () => {
    clock.set('2026-11-25T09:00:00.000Z')
    const { child: first, kase: firstCase } = await given.childInCase()
    const { child: second, kase: secondCase } = await given.childInCase()
    const stepFather = await given.adult()
    await relate(first, stepFather)
    await relate(second, stepFather)
    const probation = await given.userId('po@probation.example')
    await register.probationContact(stepFather, probation)
    await convict(stepFather)
    for (const [child, kase] of [
      [first, firstCase],
      [second, secondCase],
    ] as const) {
      const [task, ...rest] = await tasksOf(kase, 'SG-08')
      assert.equal(rest.length, 0)
      assert.ok(task, `an SG-08 task on ${kase.reference}`)
      assert.equal(task.childId, child.id)
      // Wednesday 25 November + 5 working days: Wednesday 2 December, end of the day.
      assert.equal(task.dueAt, '2026-12-02T23:59:00.000Z')
      assert.match(task.title, /risk discussion/)
    }
    const told = await notificationsOf(probation)
    assert.equal(told.length, 2)
    for (const kase of [firstCase, secondCase]) assert.ok(told.some(n => n.text.includes(kase.reference)))
    for (const n of told) {
      assert.equal(n.link, `/people/${stepFather.id}/risk`)
      assert.ok(!n.text.includes(first.familyName) && !n.text.includes(second.familyName), 'never names a child')
    }
  })

  it('opens a task when a relationship links a child to someone with a conviction, and says so on the chronology', async () => {
    clock.set('2026-11-25T09:00:00.000Z')
    const { child, kase } = await given.childInCase()
    const uncle = await given.adult()
    await convict(uncle)
    assert.deepEqual(await tasksOf(kase, 'SG-08'), [])
    await relate(child, uncle, 'hasContact')
    const [task] = await tasksOf(kase, 'SG-08')
    assert.equal(task?.childId, child.id)
    const chronology = await api('sw@csc.example', 'GET', `/api/v1/cases/${kase.id}/chronology`)
    assert.match(chronology.body, new RegExp(`Recorded: ${uncle.givenName} ${uncle.familyName}, step-parent of`))
  })

  it('opens a task when someone with a conviction is added to the case', async () => {
    clock.set('2026-11-25T09:00:00.000Z')
    const { child, kase } = await given.childInCase()
    const lodger = await given.adult()
    await convict(lodger)
    const added = await api('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/adults`, {
      personId: lodger.id,
      role: 'other',
      reason: 'Lodger in the family home',
    })
    assert.equal(added.statusCode, 201, added.body)
    const [task] = await tasksOf(kase, 'SG-08')
    assert.equal(task?.childId, child.id)
  })

  it('moves the task when more becomes known, telling the probation contact only when it first opened', async () => {
    clock.set('2026-11-25T09:00:00.000Z')
    const { child, kase } = await given.childInCase()
    const stepFather = await given.adult()
    await relate(child, stepFather)
    const probation = await given.user('probation_officer')
    await register.probationContact(stepFather, probation.id)
    await convict(stepFather)
    clock.set('2026-11-30T09:00:00.000Z')
    await convict(stepFather)
    const [task, ...rest] = await tasksOf(kase, 'SG-08')
    assert.equal(rest.length, 0)
    // Monday 30 November + 5 working days: Monday 7 December.
    assert.equal(task?.dueAt, '2026-12-07T23:59:00.000Z')
    assert.equal((await notificationsOf(probation.id)).length, 1)
  })

  it('tells nobody when no probation contact is recorded, and still opens the task', async () => {
    clock.set('2026-11-25T09:00:00.000Z')
    const { child, kase } = await given.childInCase()
    const neighbour = await given.adult()
    await relate(child, neighbour, 'hasContact')
    const before = await notificationsOf(await given.userId('po@probation.example'))
    await convict(neighbour)
    assert.equal((await tasksOf(kase, 'SG-08')).length, 1)
    assert.equal((await notificationsOf(await given.userId('po@probation.example'))).length, before.length)
  })

  it('closes once a risk discussion is held and an assessment is up to date', async () => {
    clock.set('2026-11-25T09:00:00.000Z')
    const { child, kase } = await given.childInCase()
    const stepFather = await given.adult()
    await relate(child, stepFather)
    await convict(stepFather)
    assert.equal((await tasksOf(kase, 'SG-08')).length, 1)
    clock.set('2026-11-27T09:00:00.000Z')
    await register.assessment(stepFather, '2026-11-26')
    await register.discussion(kase, stepFather)
    await given.entry(kase)
    assert.deepEqual(await tasksOf(kase, 'SG-08'), [])
    assert.equal((await tasksOf(kase, 'SG-08', 'done')).length, 1)
  })

  it('refuses to relate a person to themselves, naming the other person', async () => {
    const adult = await given.adult()
    const response = await api('sw@csc.example', 'POST', `/api/v1/people/${adult.id}/relationships`, {
      otherPersonId: adult.id,
      kind: 'sibling',
      livesWith: true,
      hasContact: true,
    })
    assert.equal(response.statusCode, 400)
    assert.match(
      response.json<{ error: { fields: Record<string, string> } }>().error.fields.otherPersonId ?? '',
      /themselves/,
    )
  })
})

describe('SG-09: the assessment kept current while the contact continues', () => {
  it('opens a task due when the assessment grows old, and closes it when the contact ends', async () => {
    clock.set('2026-11-25T09:00:00.000Z')
    const { child, kase } = await given.childInCase()
    const father = await given.adult()
    await convict(father)
    await register.assessment(father, '2026-06-15')
    const relationshipId = await relate(child, father, 'hasContact')
    const [task] = await tasksOf(kase, 'SG-09')
    assert.equal(task?.dueAt, '2027-06-15T22:59:00.000Z', '12 months on, the end of that day in England')
    const ended = await api('sw@csc.example', 'POST', `/api/v1/relationships/${relationshipId}/end`, {
      endedOn: '2026-11-24',
      reason: 'Contact stopped by the court',
    })
    assert.equal(ended.statusCode, 200, ended.body)
    assert.deepEqual(await tasksOf(kase, 'SG-09'), [])
    assert.deepEqual(await tasksOf(kase, 'SG-08'), [])
  })
})

describe('the SG-08 prompt on the record of a child in no open case', () => {
  type Prompts = ApiBody<'personRiskPrompts', 200>

  /** A child the school recorded, living with a step-father children's social care recorded, with a conviction. */
  async function childAtHome(recordedBy = 'dsl@school.example') {
    const child = await given.child({}, recordedBy as never)
    const stepFather = await given.adult({}, 'sw@csc.example')
    await given.relationship(child, stepFather, { kind: 'step_parent', livesWith: true, by: 'mash@csc.example' })
    await convict(stepFather)
    return { child, stepFather }
  }

  const promptsOf = async (who: string, child: { id: string }) => {
    const response = await api(who, 'GET', `/api/v1/people/${child.id}/risk-prompts`)
    assert.equal(response.statusCode, 200, response.body)
    return response.json<Prompts>().prompts
  }

  it('tells someone who may not see the step-father only that someone the child lives with is known, and whom to contact', async () => {
    const { child, stepFather } = await childAtHome()
    await register.probationContact(stepFather, await given.userId('po@probation.example'))
    const [prompt, ...rest] = await promptsOf('dsl@school.example', child)
    assert.equal(rest.length, 0)
    assert.deepEqual(prompt, {
      person: null,
      link: 'lives_with',
      known: null,
      contact: { name: prompt?.contact?.name, agency: prompt?.contact?.agency, email: 'po@probation.example' },
    })
    const agent = await given.agent('dsl@school.example')
    const record = page(await agent.get(`/people/${child.id}`))
    const section = record('#risk-prompt').text()
    assert.match(section, /Someone this child lives with is known to\s+present a risk of sexual harm/)
    assert.ok(!section.includes(stepFather.familyName), 'the step-father is not named')
    assert.match(section, /po@probation\.example/)
    assert.equal(
      record('#risk-prompt a:contains("Record a concern about this child")').attr('href'),
      urls.newConcern(child.id),
    )
  })

  it('names the step-father and what is known to a register reader', async () => {
    const { child, stepFather } = await childAtHome()
    const [prompt] = await promptsOf('mash@csc.example', child)
    assert.deepEqual(prompt?.person, { id: stepFather.id, name: `${stepFather.givenName} ${stepFather.familyName}` })
    assert.deepEqual(prompt.known, ['conviction'])
    assert.equal(prompt.contact, null)
    const agent = await given.agent('mash@csc.example')
    const section = page(await agent.get(`/people/${child.id}`))('#risk-prompt').text()
    assert.match(section, new RegExp(`lives with\\s+${stepFather.givenName} ${stepFather.familyName}`))
    assert.match(section, /conviction/)
    assert.match(section, /No probation contact is recorded: contact the front door/)
  })

  it('names the step-father, without the detail, to someone who may see his record', async () => {
    const child = await given.child({}, 'dsl@school.example')
    const stepFather = await given.adult({}, 'dsl@school.example')
    await given.relationship(child, stepFather, { kind: 'step_parent', livesWith: false, by: 'dsl@school.example' })
    await convict(stepFather, 'dsl@school.example')
    const [prompt] = await promptsOf('dsl@school.example', child)
    assert.equal(prompt?.person?.id, stepFather.id)
    assert.equal(prompt.link, 'has_contact')
    assert.equal(prompt.known, null)
  })

  it('shows nothing once the child is in an open case: SG-08 is the case’s task there', async () => {
    const { child } = await childAtHome('sw@csc.example')
    assert.equal((await promptsOf('mash@csc.example', child)).length, 1)
    await given.case({ children: [child] })
    assert.deepEqual(await promptsOf('mash@csc.example', child), [])
  })

  it('shows nothing for a child whose household has nothing known', async () => {
    const child = await given.child({}, 'dsl@school.example')
    await given.relationship(child, await given.adult({}, 'dsl@school.example'), { by: 'dsl@school.example' })
    assert.deepEqual(await promptsOf('dsl@school.example', child), [])
  })

  it('is refused to someone who may see only the child’s name', async () => {
    const { child } = await childAtHome()
    const response = await api('po@probation.example', 'GET', `/api/v1/people/${child.id}/risk-prompts`)
    assert.equal(response.statusCode, 403)
  })
})
