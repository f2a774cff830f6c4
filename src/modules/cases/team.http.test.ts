import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asSystem } from '../../db/context.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type Who } from '../../../test/given.ts'
import type { CaseBody, ErrorBody } from '../../../test/types.ts'

const { app, handle } = await testApp()
const db = handle.db
const given = fixtures(app)

const samId = await given.userId('sw@csc.example')
const idOf = (email: `${string}@${string}`) => given.userId(email)

// A second social worker, who can sign in as the demo users do, so the lead can be handed on. Every test may
// make Robin the lead of its own case; none changes Robin.
const robin = await given.user('social_worker', {
  displayName: 'Robin Leadbetter',
  email: 'robin.leadbetter@csc.example',
})

async function openCase(title: string, options: { agencies?: 'police'[]; members?: Who[] } = {}): Promise<CaseBody> {
  return given.case({ title, ...options })
}

async function addMember(who: Who, caseId: string, member: { agencyId: string } | { userId: string }) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/members`,
    headers: bearer(await given.apiToken(who)),
    payload: member,
  })
}

async function removeMember(who: Who, caseId: string, memberId: string) {
  return app.inject({
    method: 'DELETE',
    url: `/api/v1/cases/${caseId}/members/${memberId}`,
    headers: bearer(await given.apiToken(who)),
  })
}

async function changeLead(who: Who, caseId: string, body: { version: number; leadUserId: string }) {
  return app.inject({
    method: 'PATCH',
    url: `/api/v1/cases/${caseId}`,
    headers: bearer(await given.apiToken(who)),
    payload: body,
  })
}

const memberId = (kase: CaseBody, who: { userId?: string; agencyId?: string }) =>
  kase.team.find(t => (who.userId ? t.userId === who.userId : t.agencyId === who.agencyId))?.id ?? ''

/** A case Sam Caseworth opened and then handed to Robin Leadbetter: answers it as it stands after. */
async function handedToRobin(title: string): Promise<CaseBody> {
  const kase = await openCase(title)
  const changed = await changeLead('sw@csc.example', kase.id, { version: kase.version, leadUserId: robin.id })
  assert.equal(changed.statusCode, 200, changed.body)
  return changed.json<CaseBody>()
}

describe('a case team through the API', () => {
  it('adds a practitioner and an agency, each with the id that removes it', async () => {
    const kase = await openCase('Team changes')
    const withUser = await addMember('sw@csc.example', kase.id, { userId: await idOf('dc@police.example') })
    assert.equal(withUser.statusCode, 201)
    const withAgency = await addMember('sw@csc.example', kase.id, { agencyId: await given.agencyId('health') })
    assert.equal(withAgency.statusCode, 201)
    const after = withAgency.json<CaseBody>()
    assert.deepEqual(
      after.team.map(t => t.userName ?? t.agencyName),
      ['Sam Caseworth', "Northshire Children's Social Care", 'Dana Constable', 'Northshire Health Trust'],
    )
    assert.ok(after.team.every(t => /^[0-9a-f-]{36}$/.test(t.id)))
  })

  it('adds practitioners only: an auditor never joins a case', async () => {
    const kase = await openCase('Team changes')
    const refused = await addMember('sw@csc.example', kase.id, { userId: await idOf('auditor@partnership.example') })
    assert.equal(refused.statusCode, 400)
    assert.ok(refused.json<ErrorBody>().error.fields?.userId)
  })

  it("ends a removed agency's access at once", async () => {
    const health = await given.agencyId('health')
    const kase = (
      await addMember('sw@csc.example', (await openCase('Team changes')).id, { agencyId: health })
    ).json<CaseBody>()
    const read = async () =>
      app.inject({ url: `/api/v1/cases/${kase.id}`, headers: bearer(await given.apiToken('nurse@health.example')) })
    assert.equal((await read()).statusCode, 200)
    const removed = await removeMember('sw@csc.example', kase.id, memberId(kase, { agencyId: health }))
    assert.equal(removed.statusCode, 200)
    assert.ok(!removed.json<CaseBody>().team.some(t => t.agencyId === health))
    const refused = await read()
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.json<ErrorBody>().error.code, 'no_legitimate_relationship')
  })

  it("ends a removed practitioner's access at once, and refuses to remove them twice", async () => {
    const kase = await openCase('Team changes', { members: ['dc@police.example'] })
    const dana = memberId(kase, { userId: await idOf('dc@police.example') })
    assert.equal((await removeMember('sw@csc.example', kase.id, dana)).statusCode, 200)
    const refused = await app.inject({
      url: `/api/v1/cases/${kase.id}`,
      headers: bearer(await given.apiToken('dc@police.example')),
    })
    assert.equal(refused.statusCode, 403)
    assert.equal(refused.json<ErrorBody>().error.code, 'no_legitimate_relationship')
    const again = await removeMember('sw@csc.example', kase.id, dana)
    assert.equal(again.statusCode, 400)
    assert.match(again.json<ErrorBody>().error.fields?.memberId ?? '', /not on the case team/)
    assert.equal((await removeMember('sw@csc.example', kase.id, 'not-an-id')).statusCode, 400)
  })

  it("will not remove the lead practitioner's own membership", async () => {
    const kase = await openCase('Team changes')
    const refused = await removeMember('sw@csc.example', kase.id, memberId(kase, { userId: samId }))
    assert.equal(refused.statusCode, 400)
    assert.equal(refused.json<ErrorBody>().error.fields?.memberId, 'Make someone else the lead practitioner first')
  })

  it('lets the lead hand the case on, adding the new lead to the team', async () => {
    const kase = await openCase('Team changes')
    const changed = await changeLead('sw@csc.example', kase.id, { version: kase.version, leadUserId: robin.id })
    assert.equal(changed.statusCode, 200)
    const after = changed.json<CaseBody>()
    assert.equal(after.leadName, 'Robin Leadbetter')
    assert.equal(after.version, kase.version + 1)
    assert.ok(
      after.team.some(t => t.userId === robin.id),
      'the new lead joins the team',
    )
  })

  it('refuses a stale version with 409 conflict, naming the lead now', async () => {
    const kase = await handedToRobin('Team changes')
    const stale = await changeLead('tm@csc.example', kase.id, {
      version: kase.version - 1,
      leadUserId: await idOf('tm@csc.example'),
    })
    assert.equal(stale.statusCode, 409)
    const { error } = stale.json<ErrorBody>()
    assert.equal(error.code, 'conflict')
    assert.match(error.message, /the lead practitioner is now Robin Leadbetter/)
    assert.ok(Array.isArray(error.changedFields))
  })

  it('lets a team manager on the team reassign the case', async () => {
    const kase = await handedToRobin('Team changes')
    const changed = await changeLead('tm@csc.example', kase.id, { version: kase.version, leadUserId: samId })
    assert.equal(changed.statusCode, 200)
    const after = changed.json<CaseBody>()
    assert.equal(after.leadName, 'Sam Caseworth')
    assert.equal(after.team.filter(t => t.userId === samId).length, 1, 'already on the team, so not added again')
  })

  it('refuses anyone else: a social worker who is not the lead, and other roles', async () => {
    const kase = await openCase('Team changes', { members: [robin] })
    const notLead = await changeLead(robin, kase.id, { version: kase.version, leadUserId: robin.id })
    assert.equal(notLead.statusCode, 403)
    assert.equal(notLead.json<ErrorBody>().error.code, 'forbidden')
    await addMember('sw@csc.example', kase.id, { agencyId: await given.agencyId('police') })
    const police = await changeLead('dc@police.example', kase.id, {
      version: kase.version,
      leadUserId: await idOf('dc@police.example'),
    })
    assert.equal(police.statusCode, 403)
  })

  it('refuses a new lead who is not a social worker or team manager, naming leadUserId', async () => {
    const kase = await openCase('Team changes')
    for (const leadUserId of [
      await idOf('dc@police.example'),
      await idOf('auditor@partnership.example'),
      samId,
      '00000000-0000-4000-8000-000000000000',
    ]) {
      const refused = await changeLead('sw@csc.example', kase.id, { version: kase.version, leadUserId })
      assert.equal(refused.statusCode, 400, leadUserId)
      assert.ok(refused.json<ErrorBody>().error.fields?.leadUserId, leadUserId)
    }
    const malformed = await changeLead('sw@csc.example', kase.id, { version: kase.version, leadUserId: 'Robin' })
    assert.equal(malformed.statusCode, 400)
    assert.ok(malformed.json<ErrorBody>().error.fields?.leadUserId)
  })

  it('documents removing a member and changing the lead in the OpenAPI document', async () => {
    const doc = (await app.inject('/api/v1/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>()
    assert.ok(doc.paths['/api/v1/cases/{id}/members/{memberId}']?.delete)
    assert.ok(doc.paths['/api/v1/cases/{id}']?.patch)
  })

  it('writes each change on the chronology and the audit log, and who ended each membership', async () => {
    // A case's team through a working week: a practitioner and an agency join and leave, the lead goes to
    // Robin and comes back to Sam, and the police join.
    let kase = await openCase('Team changes')
    const dana = await idOf('dc@police.example')
    const health = await given.agencyId('health')
    await addMember('sw@csc.example', kase.id, { userId: dana })
    kase = (await addMember('sw@csc.example', kase.id, { agencyId: health })).json<CaseBody>()
    await removeMember('sw@csc.example', kase.id, memberId(kase, { agencyId: health }))
    await removeMember('sw@csc.example', kase.id, memberId(kase, { userId: dana }))
    kase = (
      await changeLead('sw@csc.example', kase.id, { version: kase.version, leadUserId: robin.id })
    ).json<CaseBody>()
    kase = (await changeLead('tm@csc.example', kase.id, { version: kase.version, leadUserId: samId })).json<CaseBody>()
    await addMember('sw@csc.example', kase.id, { agencyId: await given.agencyId('police') })

    const events = await asSystem(() =>
      db
        .selectFrom('chronologyEvents')
        .select(['kind', 'summary'])
        .where('caseId', '=', kase.id)
        .orderBy('id')
        .execute(),
    )
    assert.deepEqual(events.map(e => `${e.kind}: ${e.summary}`).slice(1), [
      'case.teamChanged: Dana Constable joined the case team',
      'case.teamChanged: Northshire Health Trust joined the case team',
      'case.teamChanged: Northshire Health Trust left the case team',
      'case.teamChanged: Dana Constable left the case team',
      'case.teamChanged: Robin Leadbetter joined the case team',
      'case.leadChanged: Robin Leadbetter became the lead practitioner',
      'case.leadChanged: Sam Caseworth became the lead practitioner',
      'case.teamChanged: Northshire Police joined the case team',
    ])
    const audit = await asSystem(() =>
      db
        .selectFrom('auditLog')
        .select(['action', 'userId', 'detail'])
        .where('caseId', '=', kase.id)
        .where('outcome', '=', 'ok')
        .where('action', 'in', ['case.removeMember', 'case.changeLead'])
        .orderBy('seq')
        .execute(),
    )
    assert.deepEqual(
      audit.map(a => a.action),
      ['case.removeMember', 'case.removeMember', 'case.changeLead', 'case.changeLead'],
    )
    assert.deepEqual(audit[2]?.detail, { from: samId, to: robin.id, joinedTeam: true })
    const ended = await asSystem(() =>
      db
        .selectFrom('caseTeam')
        .select(['removedAt', 'removedByUserId'])
        .where('caseId', '=', kase.id)
        .where('removedAt', 'is not', null)
        .execute(),
    )
    assert.equal(ended.length, 2)
    assert.ok(ended.every(m => m.removedByUserId === samId))
  })
})

describe('a case team through the case pages', () => {
  /** The team table's rows, each cell's words. */
  const teamRows = ($: ReturnType<typeof page>) =>
    $('#team tbody tr')
      .toArray()
      .map(r =>
        $(r)
          .find('td')
          .toArray()
          .map(c => $(c).text().replace(/\s+/g, ' ').trim()),
      )

  /** The page that asks before a member leaves the team, reached by their Remove link. */
  async function removeLink(agent: Awaited<ReturnType<typeof given.agent>>, caseUrl: string, name: string) {
    const $ = page(await agent.get(`${caseUrl}/team`))
    const row = $('#team tbody tr').filter((_, r) => $(r).find('td').first().text().trim().startsWith(name))
    return row.find('a').attr('href') ?? ''
  }

  it('lists the team with a Remove link for each member but the lead, saying whom it removes', async () => {
    const kase = await openCase('Team page', { agencies: ['police'] })
    const agent = await given.agent('sw@csc.example')
    const $ = page(await agent.get(`/cases/${kase.id}/team`))
    assert.deepEqual(teamRows($), [
      ['Sam Caseworth (lead practitioner)', "Northshire Children's Social Care", ''],
      [
        "Northshire Children's Social Care",
        'Everyone in the agency',
        "Remove Northshire Children's Social Care from the case team",
      ],
      ['Northshire Police', 'Everyone in the agency', 'Remove Northshire Police from the case team'],
    ])
    assert.equal($('#userId option').filter((_, o) => $(o).text() === 'Dana Constable, Northshire Police').length, 1)
    assert.equal(
      $('#userId option').filter((_, o) => $(o).text().startsWith('Sam Caseworth')).length,
      0,
      'already on the team',
    )
    const lead = page(await agent.get($('a:contains("Change the lead practitioner")').attr('href') ?? ''))
    assert.equal(
      lead('#leadUserId option').filter(
        (_, o) => lead(o).text() === "Tamsin Teamlead, Northshire Children's Social Care",
      ).length,
      1,
    )
    assert.equal(
      lead('#leadUserId option').filter((_, o) => lead(o).text().startsWith('Dana Constable')).length,
      0,
      'police cannot lead',
    )
  })

  it('adds a practitioner, asking for one when none was chosen', async () => {
    const caseUrl = `/cases/${(await openCase('Team page', { agencies: ['police'] })).id}`
    const agent = await given.agent('sw@csc.example')
    await agent.get(`${caseUrl}/team`)
    const empty = await agent.post(`${caseUrl}/members`, { userId: '' })
    assert.equal(empty.statusCode, 400)
    const $ = page(empty)
    assert.equal($('.govuk-error-summary a').attr('href'), '#userId')
    assert.match($('#userId-error').text(), /Select a practitioner/)
    const added = await agent.post(`${caseUrl}/members`, { userId: await idOf('nurse@health.example') })
    assert.equal(added.statusCode, 303)
    assert.equal(added.headers.location, `${caseUrl}/team?added=1`)
    const after = page(await agent.get(`${caseUrl}/team?added=1`))
    assert.match(after('.govuk-notification-banner').text(), /Case team updated/)
    assert.match(after('#team').text(), /Nell Wardwell/)
  })

  it('refuses a form without its CSRF token', async () => {
    const caseUrl = `/cases/${(await openCase('Team page', { agencies: ['police'] })).id}`
    const agent = await given.agent('sw@csc.example')
    const $ = page(await agent.get(await removeLink(agent, caseUrl, 'Northshire Police')))
    const action = $('form[action$="/remove"]').first().attr('action') ?? ''
    assert.equal((await agent.post(action, { confirmed: 'yes' }, { csrf: null })).statusCode, 403)
    assert.match(page(await agent.get(`${caseUrl}/team`))('#team').text(), /Northshire Police/, 'nothing was removed')
  })

  it('asks before removing a member, and removes them only when confirmed', async () => {
    const caseUrl = `/cases/${(await openCase('Team page', { members: ['nurse@health.example'] })).id}`
    const agent = await given.agent('sw@csc.example')
    const asked = page(await agent.get(await removeLink(agent, caseUrl, 'Nell Wardwell')))
    assert.equal(asked('h1').text().trim(), 'Remove Nell Wardwell from the case team?')
    assert.match(asked('main').text(), /Nell Wardwell can no longer open this case, from now/)
    const action = asked('form[action$="/remove"]').attr('action') ?? ''

    const unconfirmed = await agent.post(action, {})
    assert.equal(unconfirmed.statusCode, 200, 'a post without the confirmation shows the page again')
    assert.equal(page(unconfirmed)('h1').text().trim(), 'Remove Nell Wardwell from the case team?')
    assert.match(page(await agent.get(`${caseUrl}/team`))('#team').text(), /Nell Wardwell/, 'nothing was removed')

    const removed = await agent.post(action, { confirmed: 'yes' })
    assert.equal(removed.statusCode, 303)
    assert.equal(removed.headers.location, `${caseUrl}/team?removed=1`)
    assert.doesNotMatch(page(await agent.get(`${caseUrl}/team`))('#team').text(), /Nell Wardwell/)
  })

  it('says why the lead cannot be removed', async () => {
    const kase = await openCase('Team page')
    const caseUrl = `/cases/${kase.id}`
    const agent = await given.agent('sw@csc.example')
    await agent.get(`${caseUrl}/team`)
    const refused = await agent.post(`${caseUrl}/members/${memberId(kase, { userId: samId })}/remove`, {
      confirmed: 'yes',
    })
    assert.equal(refused.statusCode, 400)
    assert.match(page(refused)('main').text(), /Make someone else the lead practitioner first/)
    assert.match(page(await agent.get(`${caseUrl}/team`))('#team').text(), /Sam Caseworth \(lead practitioner\)/)
  })

  it('asks for a new lead when none was chosen', async () => {
    const caseUrl = `/cases/${(await openCase('Team page')).id}`
    const lead = await given.agent('sw@csc.example')
    const before = page(await lead.get(`${caseUrl}/lead`))
    const version = before('input[name="version"]').val() as string
    const empty = await lead.post(`${caseUrl}/lead`, { version, leadUserId: '' })
    assert.equal(empty.statusCode, 400)
    assert.equal(page(empty)('.govuk-error-summary a').attr('href'), '#leadUserId')
  })

  it('changes the lead, and on a stale version says who leads now, keeping the choice', async () => {
    const caseUrl = `/cases/${(await openCase('Team page')).id}`
    const lead = await given.agent('sw@csc.example')
    const before = page(await lead.get(`${caseUrl}/lead`))
    const version = before('input[name="version"]').val() as string

    const manager = await given.agent('tm@csc.example')
    await manager.get(`${caseUrl}/lead`)
    const changed = await manager.post(`${caseUrl}/lead`, { version, leadUserId: robin.id })
    assert.equal(changed.statusCode, 303)
    assert.equal(changed.headers.location, `${caseUrl}/team?leadChanged=1`)

    const stale = await manager.post(`${caseUrl}/lead`, { version, leadUserId: await idOf('tm@csc.example') })
    assert.equal(stale.statusCode, 409)
    const $ = page(stale)
    assert.match(
      $('#leadUserId-error').text(),
      /Someone else changed this case after you opened it: the lead practitioner is now Robin Leadbetter/,
    )
    assert.equal($('#leadUserId option:selected').attr('value'), await idOf('tm@csc.example'), 'the choice is kept')
    assert.equal(
      $('input[name="version"]').val(),
      String(Number(version) + 1),
      'the form is now at the current version',
    )
    assert.match($('.govuk-summary-list').text(), /Lead practitioner now\s+Robin Leadbetter/)

    const now = page(await lead.get(`${caseUrl}/team`))
    assert.equal(now('a:contains("Change the lead practitioner")').length, 0, 'Sam is no longer the lead')
    assert.equal((await lead.get(`${caseUrl}/lead`)).statusCode, 403, 'nor a team manager')
  })

  it('sends someone who took their own agency off the team home, with a notice', async () => {
    const caseUrl = `/cases/${(await openCase('Team page', { agencies: ['police'] })).id}`
    const officer = await given.agent('dc@police.example')
    const asked = page(await officer.get(await removeLink(officer, caseUrl, 'Northshire Police')))
    const left = await officer.post(asked('form[action$="/remove"]').attr('action') ?? '', { confirmed: 'yes' })
    assert.equal(left.statusCode, 303)
    assert.equal(left.headers.location, '/?leftCase=1')
    assert.match(
      page(await officer.get('/?leftCase=1'))('.govuk-notification-banner').text(),
      /you can no longer open the case/,
    )
    assert.equal((await officer.get(caseUrl)).statusCode, 403)
  })
})
