import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { asPartnership, asSystem } from '../../db/context.ts'
import { useSafeguards } from '../cases/index.ts'
import { notify } from './index.ts'
import { bearer, page, testApp } from '../../../test/helpers.ts'
import { fixtures, type TestUser, type Who } from '../../../test/given.ts'
import type { CaseBody, ErrorBody, NotificationBody, ReferralBody } from '../../../test/types.ts'

// People told: each trigger tells the right person and no one else, inside the change's own transaction (a refused
// change tells nobody); everyone reads and marks only their own notifications, by page and API.

const { app, handle, clock } = await testApp()
const db = handle.db
const given = fixtures(app)

/** Every notification in the partnership, as the database holds them: to prove who was told and who was not. */
function allNotifications() {
  return asSystem(() =>
    db
      .selectFrom('notifications')
      .select(['id', 'userId', 'kind', 'text', 'link', 'readAt'])
      .orderBy('createdAt')
      .execute(),
  )
}

/** What a change added to the notifications, whoever they are for. */
async function toldBy<T>(
  change: () => Promise<T>,
): Promise<{ result: T; told: Awaited<ReturnType<typeof allNotifications>> }> {
  const before = new Set((await allNotifications()).map(n => n.id))
  const result = await change()
  return { result, told: (await allNotifications()).filter(n => !before.has(n.id)) }
}

async function api(who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>) {
  return app.inject({ method, url, headers: bearer(await given.apiToken(who)), ...(payload ? { payload } : {}) })
}

/** A new practitioner added to a new case's team by its lead, Sam Caseworth: one notification for them. */
async function addedToACase(member: TestUser): Promise<CaseBody> {
  // A minute apart, so newest first is an order the frozen clock can tell.
  clock.advance(60_000)
  return given.case({ members: [member] })
}

describe('the notifications API', () => {
  it('lists only my notifications, newest first, and counts the unread ones in X-Total-Count', async () => {
    const wren = await given.user('police_investigator')
    const other = await given.user('police_investigator')
    const first = await addedToACase(wren)
    const second = await addedToACase(wren)
    await addedToACase(other)
    const listed = await api(wren, 'GET', '/api/v1/notifications')
    assert.equal(listed.statusCode, 200, listed.body)
    const body = listed.json<NotificationBody[]>()
    assert.deepEqual(
      body.map(n => n.link),
      [`/cases/${second.id}`, `/cases/${first.id}`],
    )
    assert.ok(body.every(n => n.kind === 'case.addedToTeam' && n.readAt === null))
    assert.equal(listed.headers['x-total-count'], '2')
    const unread = await api(wren, 'GET', '/api/v1/notifications?status=unread&limit=1')
    assert.equal(unread.json<NotificationBody[]>().length, 1)
    assert.equal(unread.headers['x-total-count'], '2')
  })

  it('marks one read, keeps when it was first read on a repeat, and lowers the unread count', async () => {
    const member = await given.user('health_practitioner')
    await addedToACase(member)
    await addedToACase(member)
    const [newest] = (await api(member, 'GET', '/api/v1/notifications')).json<NotificationBody[]>()
    assert.ok(newest)
    const read = await api(member, 'POST', `/api/v1/notifications/${newest.id}/read`)
    assert.equal(read.statusCode, 200, read.body)
    const readAt = read.json<NotificationBody>().readAt
    assert.ok(readAt)
    const again = await api(member, 'POST', `/api/v1/notifications/${newest.id}/read`)
    assert.equal(again.json<NotificationBody>().readAt, readAt)
    const unread = await api(member, 'GET', '/api/v1/notifications?status=unread')
    assert.equal(unread.headers['x-total-count'], '1')
  })

  it('answers 404 for a notification for someone else, and leaves it unread', async () => {
    const owner = await given.user('social_worker')
    const nosy = await given.user('social_worker')
    await addedToACase(owner)
    const [theirs] = (await api(owner, 'GET', '/api/v1/notifications')).json<NotificationBody[]>()
    assert.ok(theirs)
    const refused = await api(nosy, 'POST', `/api/v1/notifications/${theirs.id}/read`)
    assert.equal(refused.statusCode, 404, refused.body)
    assert.equal(refused.json<ErrorBody>().error.code, 'not_found')
    const still = (await allNotifications()).find(n => n.id === theirs.id)
    assert.equal(still?.readAt, null)
    assert.equal((await api(nosy, 'GET', '/api/v1/notifications')).headers['x-total-count'], '0')
  })

  it('marks every unread one read at once, and only mine', async () => {
    const member = await given.user('probation_officer')
    const bystander = await given.user('probation_officer')
    await addedToACase(member)
    await addedToACase(member)
    await addedToACase(bystander)
    const marked = await api(member, 'POST', '/api/v1/notifications/read')
    assert.equal(marked.statusCode, 200, marked.body)
    assert.deepEqual(marked.json(), { marked: 2 })
    assert.equal((await api(member, 'GET', '/api/v1/notifications?status=unread')).headers['x-total-count'], '0')
    assert.equal((await api(bystander, 'GET', '/api/v1/notifications?status=unread')).headers['x-total-count'], '1')
  })

  it('names a status it does not know', async () => {
    const refused = await api('sw@csc.example', 'GET', '/api/v1/notifications?status=new')
    assert.equal(refused.statusCode, 400, refused.body)
    assert.ok(refused.json<ErrorBody>().error.fields?.status)
  })
})

describe('who is told', () => {
  it('the referrer learns the front door’s decision, on their concern’s page; no one else is told', async () => {
    const referrer = await given.user('designated_safeguarding_lead')
    const concern = await given.concern({ by: referrer })
    assert.ok(concern.referralId)
    const referral = (await api('front_door', 'GET', `/api/v1/referrals/${concern.referralId}`)).json<ReferralBody>()
    const { result, told } = await toldBy(() =>
      api('front_door', 'POST', `/api/v1/referrals/${referral.id}/decision`, {
        version: referral.version,
        decision: 'early_help',
        rationale: 'Needs support at home, no sign of harm yet',
      }),
    )
    assert.equal(result.statusCode, 200, result.body)
    const [note] = told
    assert.ok(note && told.length === 1)
    assert.equal(note.userId, referrer.id)
    assert.equal(note.kind, 'referral.decided')
    assert.equal(note.link, `/concerns/${concern.id}`)
    assert.match(note.text, /Refer to early help/)
  })

  it('nobody, when the decision is refused as stale', async () => {
    const referrer = await given.user('designated_safeguarding_lead')
    const concern = await given.concern({ by: referrer })
    const decide = () =>
      api('front_door', 'POST', `/api/v1/referrals/${concern.referralId ?? ''}/decision`, {
        version: 1,
        decision: 'advice_and_information',
        rationale: 'Advice given to the school by phone',
      })
    assert.equal((await decide()).statusCode, 200)
    const { result, told } = await toldBy(decide)
    assert.equal(result.statusCode, 409, result.body)
    assert.deepEqual(told, [])
  })

  it('the case lead learns of a new concern on their case, without the child’s name', async () => {
    const lead = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: lead })
    const { result: concern, told } = await toldBy(() => given.concern({ child }))
    const [note] = told
    assert.ok(note && told.length === 1)
    assert.equal(note.userId, lead.id)
    assert.equal(note.kind, 'case.concernRecorded')
    assert.equal(note.link, `/concerns/${concern.id}`)
    assert.ok(note.text.includes(kase.reference), note.text)
    assert.ok(!note.text.includes(child.givenName) && !note.text.includes(child.familyName))
  })

  it('nobody, when the lead records the concern themselves', async () => {
    const lead = await given.user('social_worker')
    const { child } = await given.childInCase({ by: lead })
    const { told } = await toldBy(() => given.concern({ child, by: lead }))
    assert.deepEqual(told, [])
  })

  it('nobody, when a concern is refused for naming a case the recorder is not on', async () => {
    const lead = await given.user('social_worker')
    const { child, kase } = await given.childInCase({ by: lead })
    const { result, told } = await toldBy(() =>
      api('dsl@school.example', 'POST', '/api/v1/concerns', {
        childId: child.id,
        caseId: kase.id,
        description: 'Said she was scared to go home',
      }),
    )
    assert.equal(result.statusCode, 403, result.body)
    assert.deepEqual(told, [])
  })

  it('the case lead learns who used break-glass on their case; a refused second grant tells nobody', async () => {
    const lead = await given.user('social_worker')
    const { kase } = await given.childInCase({ by: lead })
    const { told } = await toldBy(() => given.breakGlass(kase, 'nurse@health.example'))
    const [note] = told
    assert.ok(note && told.length === 1)
    assert.equal(note.userId, lead.id)
    assert.equal(note.kind, 'case.breakGlass')
    assert.equal(note.link, `/cases/${kase.id}`)
    assert.match(note.text, new RegExp(`Northshire Health Trust.*${kase.reference}`))
    const again = await toldBy(() =>
      api('nurse@health.example', 'POST', `/api/v1/cases/${kase.id}/break-glass`, { reason: 'Still in A&E' }),
    )
    assert.equal(again.result.statusCode, 409, again.result.body)
    assert.deepEqual(again.told, [])
  })

  it('a practitioner learns they were added to a team; an agency added tells nobody', async () => {
    const member = await given.user('police_investigator')
    const kase = await given.case()
    const added = await toldBy(() =>
      api('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/members`, { userId: member.id }),
    )
    assert.equal(added.result.statusCode, 201, added.result.body)
    assert.deepEqual(
      added.told.map(n => [n.userId, n.kind, n.link]),
      [[member.id, 'case.addedToTeam', `/cases/${kase.id}`]],
    )
    assert.ok(added.told.every(n => n.text.includes(kase.reference)))
    const agency = await toldBy(async () =>
      api('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/members`, { agencyId: await given.agencyId('health') }),
    )
    assert.equal(agency.result.statusCode, 201, agency.result.body)
    assert.deepEqual(agency.told, [])
  })

  it('nobody, when adding someone already on the team is refused', async () => {
    const member = await given.user('police_investigator')
    const kase = await given.case({ members: [member] })
    const { result, told } = await toldBy(() =>
      api('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/members`, { userId: member.id }),
    )
    assert.equal(result.statusCode, 400, result.body)
    assert.deepEqual(told, [])
  })

  it('nobody, when a safeguard refuses the change: the notification rolls back with it', async () => {
    const member = await given.user('police_investigator')
    const kase = await given.case()
    useSafeguards(db, [
      snapshot =>
        snapshot.action === 'case.addMember' && snapshot.team.some(t => t.userId === member.id)
          ? [
              {
                safeguard: 'SG-TEST',
                severity: 'block',
                message: 'Refused in this test',
                facts: [],
                source: { code: 'PR-3', title: 'A test recommendation', href: '/review/PR-3' },
              },
            ]
          : [],
    ])
    try {
      const { result, told } = await toldBy(() =>
        api('sw@csc.example', 'POST', `/api/v1/cases/${kase.id}/members`, { userId: member.id }),
      )
      assert.equal(result.statusCode, 422, result.body)
      assert.deepEqual(told, [])
    } finally {
      useSafeguards(db, [])
    }
  })

  it('a new lead practitioner learns the case is theirs', async () => {
    const next = await given.user('social_worker')
    const kase = await given.case()
    const { result, told } = await toldBy(() =>
      api('sw@csc.example', 'PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version, leadUserId: next.id }),
    )
    assert.equal(result.statusCode, 200, result.body)
    assert.deepEqual(
      told.map(n => [n.userId, n.kind]),
      [[next.id, 'case.madeLead']],
    )
  })
})

describe('notify()', () => {
  it('links only to a path in Lantern, and the database holds it to that too', async () => {
    const user = await given.user('social_worker')
    const notice = {
      partnershipId: user.partnershipId,
      userId: user.id,
      kind: 'case.addedToTeam' as const,
      text: 'A test notification',
      causedBy: await given.userId('sw@csc.example'),
      now: new Date(),
    }
    for (const link of ['//elsewhere.example/x', '/\\elsewhere.example/x', 'https://elsewhere.example/'])
      await assert.rejects(
        asPartnership(user.partnershipId, () => notify(db, { ...notice, link })),
        link,
      )
    await assert.rejects(
      asPartnership(user.partnershipId, () =>
        db
          .insertInto('notifications')
          .values({
            partnershipId: user.partnershipId,
            userId: user.id,
            kind: notice.kind,
            text: notice.text,
            link: '/\\elsewhere.example',
            createdAt: notice.now,
            emailNextAt: notice.now,
          })
          .execute(),
      ),
      /notifications_link_check/,
    )
    await asPartnership(user.partnershipId, () => notify(db, { ...notice, link: '/cases' }))
    assert.equal((await allNotifications()).filter(n => n.userId === user.id).length, 1)
  })
})

describe('the notifications page', () => {
  it('shows the unread count in the header of every page, and none once all are marked read', async () => {
    const member = await given.user('police_investigator')
    await addedToACase(member)
    await addedToACase(member)
    const agent = await given.agent(member)
    for (const url of ['/', '/people']) {
      const link = page(await agent.get(url))('a.govuk-service-navigation__link[href="/notifications"]')
      assert.equal(link.text().replace(/\s+/g, ' ').trim(), 'Notifications (2 unread)', url)
    }
    const list = page(await agent.get('/notifications'))
    assert.equal(list('.lantern-notifications__item--unread').length, 2)
    const done = await agent.post('/notifications/read', {})
    assert.equal(done.statusCode, 303)
    const after = page(await agent.get(String(done.headers.location)))
    assert.equal(after('a[href="/notifications"]').first().text().trim(), 'Notifications')
    assert.match(after('.govuk-notification-banner').text(), /Every notification is marked as read/)
    assert.equal(after('.lantern-notifications__item--unread').length, 0)
    assert.equal(after('.lantern-notifications__item').length, 2)
  })

  it('lists mine newest first, each linking to its record, and marks one read with its own button', async () => {
    const member = await given.user('health_practitioner')
    const older = await addedToACase(member)
    const newer = await addedToACase(member)
    const agent = await given.agent(member)
    const list = page(await agent.get('/notifications'))
    const links = list('.lantern-notifications__item a.govuk-link')
      .map((_, a) => list(a).attr('href'))
      .get()
    assert.deepEqual(links, [`/cases/${newer.id}`, `/cases/${older.id}`])
    const form = list('.lantern-notifications__item form').first()
    const marked = await agent.post(form.attr('action') ?? '', {})
    assert.equal(marked.statusCode, 303, marked.body)
    const after = page(await agent.get('/notifications'))
    assert.equal(after('.lantern-notifications__item--unread a').attr('href'), `/cases/${older.id}`)
    assert.match(after('a[href="/notifications"]').first().text(), /\(1/)
  })

  it('answers 404 for marking someone else’s notification, and refuses a post without its CSRF token', async () => {
    const owner = await given.user('social_worker')
    await addedToACase(owner)
    const [theirs] = (await api(owner, 'GET', '/api/v1/notifications')).json<NotificationBody[]>()
    const nosy = await given.agent(await given.user('social_worker'))
    await nosy.get('/notifications')
    assert.equal((await nosy.post(`/notifications/${theirs?.id ?? ''}/read`, {})).statusCode, 404)
    const mine = await given.agent(owner)
    await mine.get('/notifications')
    assert.equal((await mine.post(`/notifications/${theirs?.id ?? ''}/read`, {}, { csrf: null })).statusCode, 403)
    assert.equal((await allNotifications()).find(n => n.id === theirs?.id)?.readAt, null)
  })

  it('says so when there are none', async () => {
    const agent = await given.agent(await given.user('probation_officer'))
    const empty = page(await agent.get('/notifications'))
    assert.match(empty('main').text(), /You have no notifications/)
    assert.equal(empty('a[href="/notifications"]').first().text().trim(), 'Notifications')
  })
})
