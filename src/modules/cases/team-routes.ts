import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../db/connection.ts'
import type { Actor } from '../../kernel/actor.ts'
import { formPage } from '../../web/form-page.ts'
import { idParams, recordId } from '../../web/page-schemas.ts'
import { urls } from '../../web/urls.ts'
import { listAgencies } from '../directory/index.ts'
import { addMemberForm, changeLeadForm, removeMemberForm } from './forms.ts'
import type { CaseView } from './routes.ts'
import { type getCase, relationshipToCase } from './service.ts'
import { addTeamMember, changeLead, mayChangeLead, mayLead, practitioners, removeTeamMember } from './team.ts'
import { casePage } from './views.ts'

/**
 * The case page's "Case team" section: who is on it, and what the actor may change. The partnership's
 * agencies and practitioners are read only for someone who may add to the team: not for every look at a case.
 */
export async function teamSection(db: Db, actor: Actor, kase: Awaited<ReturnType<typeof getCase>>, onTeam: boolean) {
  const open = onTeam && kase.status === 'open'
  const [agencies, people] = open ? await Promise.all([listAgencies(db), practitioners(db)]) : [[], []]
  const option = (p: (typeof people)[number]) => ({ value: p.id, text: `${p.displayName}, ${p.agencyName}` })
  return {
    members: kase.team.map(t => ({
      id: t.id,
      name: t.userName ?? t.agencyName ?? '',
      isLead: t.userId === kase.leadUserId,
      agency: t.userId ? (t.userAgencyName ?? '') : 'Everyone in the agency',
    })),
    canManageTeam: open,
    canChangeLead: open && mayChangeLead(actor, { leadUserId: kase.leadUserId, onTeam }),
    agencyItems: [
      { value: '', text: 'Select an agency' },
      ...agencies.filter(a => !kase.team.some(t => t.agencyId === a.id)).map(a => ({ value: a.id, text: a.name })),
    ],
    userItems: [
      { value: '', text: 'Select a practitioner' },
      ...people.filter(p => !kase.team.some(t => t.userId === p.id)).map(option),
    ],
    leadItems: [
      { value: '', text: 'Select the new lead practitioner' },
      ...people.filter(p => mayLead(p) && p.id !== kase.leadUserId).map(option),
    ],
  }
}

/** The banner after a change to the team, as the redirect's query names it. */
export function teamNotice(query: Record<string, string | undefined>): { text: string; success: true } | undefined {
  if (query.added || query.removed) return { text: 'Case team updated.', success: true }
  if (query.leadChanged) return { text: 'Lead practitioner changed.', success: true }
  return undefined
}

/** The case team's forms: add an agency or a practitioner, remove a member, hand the case to a new lead. */
export function caseTeamRoutes(app: FastifyInstance, caseView: CaseView): void {
  const { lantern } = app

  // Each comes back as the case page, with what was refused and what the user chose.
  formPage(app, {
    page: casePage,
    form: addMemberForm,
    params: idParams,
    post: { url: '/cases/:id/members', config: { action: 'case.addMember' } },
    view: (request, { params }) => caseView(request, params.id),
    submit: (request, member, { params }) =>
      addTeamMember(lantern.db, request.actor, params.id, member, request.ip, lantern.clock()),
    redirect: (_result, { id }) => `${urls.case(id, { added: '1' })}#team`,
  })

  formPage(app, {
    page: casePage,
    form: removeMemberForm,
    params: z.object({ id: recordId, memberId: recordId }),
    post: { url: '/cases/:id/members/:memberId/remove', config: { action: 'case.removeMember' } },
    view: (request, { params }) => caseView(request, params.id),
    submit: async (request, _input, { params: { id, memberId } }) => {
      await removeTeamMember(lantern.db, request.actor, id, memberId, request.ip, lantern.clock())
      // Someone who took themselves or their own agency off the team can no longer open the case.
      const still = await relationshipToCase(lantern.db, request.actor, id, lantern.clock())
      return still === 'team' || still === 'breakGlass'
        ? `${urls.case(id, { removed: '1' })}#team`
        : urls.home({ leftCase: '1' })
    },
    redirect: next => next,
  })

  formPage(app, {
    page: casePage,
    form: changeLeadForm,
    params: idParams,
    post: { url: '/cases/:id/lead', config: { action: 'case.changeLead' } },
    // After someone else's change the page comes back at the current version, the user's choice kept, to send again.
    view: (request, { params }) => caseView(request, params.id),
    submit: (request, lead, { params }) =>
      changeLead(lantern.db, request.actor, params.id, lead, request.ip, lantern.clock()),
    redirect: (_result, { id }) => `${urls.case(id, { leadChanged: '1' })}#team`,
  })
}
