import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import { Forbidden, Invalid } from '../../kernel/errors.ts'
import { confirmable, confirmationData, confirmationPage, confirmFirst, type Confirmation } from '../../web/confirm.ts'
import { formPage, seeOther } from '../../web/form-page.ts'
import { idParams, queryText, recordId } from '../../web/page-schemas.ts'
import { render } from '../../web/render.ts'
import { urls } from '../../web/urls.ts'
import { listAgencies } from '../directory/index.ts'
import { addMemberForm, changeLeadForm, removeMemberForm } from './forms.ts'
import { getCase, relationshipToCase } from './service.ts'
import {
  addTeamMember,
  changeLead,
  mayAddToTeam,
  mayChangeLead,
  mayLead,
  mayRemoveMember,
  practitioners,
  removeTeamMember,
} from './team.ts'
import { caseTeamPage, changeLeadPage, type CaseTeamPage } from './views.ts'

type Case = Awaited<ReturnType<typeof getCase>>

/**
 * The case team page: who is on it, and what this user may change. Each offer asks what the server will: the route's
 * action through `request.can`, and the record-level rule the write pipeline applies (only the lead or a team manager
 * takes someone else off the team, hands the case on). The partnership's agencies and practitioners are read only
 * for someone who may add to the team.
 */
export async function teamSection(db: Db, request: FastifyRequest, kase: Case) {
  const { actor } = request
  const onTeam = request.relationship === 'full'
  const open = kase.status === 'open'
  const standing = { leadUserId: kase.leadUserId, onTeam }
  const canAddMember = open && request.can('case.addMember') && mayAddToTeam(actor, standing)
  const [agencies, people] = canAddMember ? await Promise.all([listAgencies(db), practitioners(db)]) : [[], []]
  const mayRemove = open && request.can('case.removeMemberForm')
  return {
    members: kase.team.map(t => ({
      id: t.id,
      name: t.userName ?? t.agencyName ?? '',
      isLead: t.userId === kase.leadUserId,
      agency: t.userId ? (t.userAgencyName ?? '') : 'Everyone in the agency',
      // The lead's own membership stays until someone else leads.
      canRemove:
        mayRemove &&
        t.userId !== kase.leadUserId &&
        mayRemoveMember(actor, standing, { userId: t.userId, agencyId: t.agencyId }),
    })),
    canAddMember,
    canChangeLead: open && request.can('case.leadForm') && mayChangeLead(actor, standing),
    agencyItems: [
      { value: '', text: 'Select an agency' },
      ...agencies.filter(a => !kase.team.some(t => t.agencyId === a.id)).map(a => ({ value: a.id, text: a.name })),
    ],
    userItems: [
      { value: '', text: 'Select a practitioner' },
      ...people
        .filter(p => !kase.team.some(t => t.userId === p.id))
        .map(p => ({ value: p.id, text: `${p.displayName}, ${p.agencyName}` })),
    ],
  }
}

/** The banner after a change to the team, as the redirect's query names it. */
export function teamNotice(query: Record<string, string | undefined>): { text: string; success: true } | undefined {
  if (query.added || query.removed) return { text: 'Case team updated.', success: true }
  if (query.leadChanged) return { text: 'Lead practitioner changed.', success: true }
  return undefined
}

const teamQuery = z.object({ added: queryText, removed: queryText, leadChanged: queryText })

/**
 * The case team's pages: the team (add an agency or a practitioner), taking a member off it (a confirmation page),
 * and handing the case to a new lead (a page of its own).
 */
export function caseTeamRoutes(app: FastifyInstance): void {
  const { lantern } = app
  const pages = app.withTypeProvider<ZodTypeProvider>()

  async function teamView(request: FastifyRequest, caseId: string, query: Record<string, string | undefined> = {}) {
    const kase = await getCase(lantern.db, caseId)
    return {
      title: `Case team: ${kase.reference}`,
      caseNav: 'team' as const,
      kase,
      notice: teamNotice(query),
      ...(await teamSection(lantern.db, request, kase)),
    }
  }

  pages.get(
    '/cases/:id/team',
    { config: { action: 'case.team' }, schema: { params: idParams, querystring: teamQuery } },
    async (request, reply) =>
      render(request, reply, caseTeamPage, {
        ...(await teamView(request, request.params.id, request.query)),
        values: {},
      }),
  )

  // Comes back as the team page, with what was refused and what the user chose.
  formPage(app, {
    page: caseTeamPage,
    form: addMemberForm,
    params: idParams,
    post: { url: '/cases/:id/members', config: { action: 'case.addMember' } },
    view: (request, { params }): Promise<Omit<CaseTeamPage, 'values' | 'errors'>> => teamView(request, params.id),
    submit: (request, member, { params }) =>
      addTeamMember(lantern.db, request.actor, params.id, member, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.caseTeam(id, { added: '1' }),
  })

  /**
   * The member to take off the team, as the case names them now, and what taking them off will mean. Refused here
   * (403) when the record-level rule would refuse it, so nobody is asked to confirm what the server will not do.
   */
  async function leaving(request: FastifyRequest, caseId: string, memberId: string) {
    const kase = await getCase(lantern.db, caseId)
    if (kase.status !== 'open') return seeOther(urls.case(caseId))
    const member = kase.team.find(t => t.id === memberId)
    if (!member)
      throw new Invalid({ memberId: 'This member is not on the case team: someone may have removed them already' })
    if (member.userId === kase.leadUserId)
      throw new Invalid({ memberId: 'Make someone else the lead practitioner first, then take them off the team' })
    const standing = { leadUserId: kase.leadUserId, onTeam: request.relationship === 'full' }
    if (!mayRemoveMember(request.actor, standing, member))
      throw new Forbidden(
        'forbidden',
        'Only the lead practitioner or a team manager on the case team can take someone else off it',
      )
    return { kase, member }
  }

  function removal(kase: Case, member: Case['team'][number], actorId: string): Confirmation {
    const agency = member.userId === null
    const name = member.userName ?? member.agencyName ?? 'This member'
    const self = member.userId === actorId
    return {
      title: self ? `Take yourself off the team of ${kase.reference}?` : `Remove ${name} from the case team?`,
      caption: kase.reference,
      answers: [
        { key: agency ? 'Agency' : 'Practitioner', value: name },
        ...(agency ? [] : [{ key: 'Agency', value: member.userAgencyName ?? '' }]),
      ],
      happens: [
        agency
          ? `Everyone in ${name} who is not on the team by name can no longer open this case, from now.`
          : `${self ? 'You' : name} can no longer open this case, from now, unless ${self ? 'your' : 'their'} agency is on the team.`,
        'The chronology says who left the team, and when; what they recorded stays on it.',
        'Someone on the team can add them again later.',
      ],
      action: urls.removeMember(kase.id, member.id),
      button: agency ? `Remove ${name}` : self ? 'Take me off the team' : `Remove ${name}`,
      back: { href: urls.caseTeam(kase.id), text: 'No, go back to the case team' },
    }
  }

  const memberParams = z.object({ id: recordId, memberId: recordId })
  formPage(app, {
    page: confirmationPage,
    form: confirmable(removeMemberForm),
    params: memberParams,
    load: (request, { params }) => leaving(request, params.id, params.memberId),
    get: { url: '/cases/:id/members/:memberId/remove', config: { action: 'case.removeMemberForm' } },
    post: { url: '/cases/:id/members/:memberId/remove', config: { action: 'case.removeMember' } },
    view: (request, { context: { kase, member } }) => confirmationData(removal(kase, member, request.actor.userId)),
    submit: (request, _input, { params: { id, memberId }, context: { kase, member }, values }) =>
      confirmFirst(
        values,
        () => removal(kase, member, request.actor.userId),
        async () => {
          await removeTeamMember(lantern.db, request.actor, id, memberId, request.ip, lantern.clock())
          // Someone who took themselves or their own agency off the team can no longer open the case.
          const still = await relationshipToCase(lantern.db, request.actor, id, lantern.clock())
          return still === 'team' || still === 'breakGlass'
            ? urls.caseTeam(id, { removed: '1' })
            : urls.home({ leftCase: '1' })
        },
      ),
    redirect: next => next,
  })

  async function leadView(request: FastifyRequest, caseId: string) {
    const kase = await getCase(lantern.db, caseId)
    const people = await practitioners(lantern.db)
    return {
      title: `Change the lead practitioner of ${kase.reference}`,
      kase,
      leadItems: [
        { value: '', text: 'Select the new lead practitioner' },
        ...people
          .filter(p => mayLead(p) && p.id !== kase.leadUserId)
          .map(p => ({ value: p.id, text: `${p.displayName}, ${p.agencyName}` })),
      ],
    }
  }

  formPage(app, {
    page: changeLeadPage,
    form: changeLeadForm,
    params: idParams,
    // Refused before the form is shown to anyone the pipeline would refuse; a closed case goes back to its page.
    load: async (request, { params }) => {
      const kase = await getCase(lantern.db, params.id)
      if (kase.status !== 'open') return seeOther(urls.case(kase.id))
      if (!mayChangeLead(request.actor, { leadUserId: kase.leadUserId, onTeam: request.relationship === 'full' }))
        throw new Forbidden(
          'forbidden',
          'Only the lead practitioner or a team manager on the case team can change the lead practitioner',
        )
      return kase
    },
    get: { url: '/cases/:id/lead', config: { action: 'case.leadForm' } },
    post: { url: '/cases/:id/lead', config: { action: 'case.changeLead' } },
    // After someone else's change the page comes back at the current version, the user's choice kept, to send again.
    view: (request, { params }) => leadView(request, params.id),
    submit: (request, lead, { params }) =>
      changeLead(lantern.db, request.actor, params.id, lead, request.ip, lantern.clock()),
    redirect: (_result, { id }) => urls.caseTeam(id, { leadChanged: '1' }),
  })
}
