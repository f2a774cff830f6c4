import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../../db/connection.ts'
import { Conflict, Invalid } from '../../kernel/errors.ts'
import { fieldIssues, formFields } from '../../web/forms.ts'
import { render, type PageData } from '../../web/render.ts'
import type { Actor } from '../../kernel/actor.ts'
import { listAgencies } from '../directory/index.ts'
import { changeLeadSchema, memberSchema } from './schema.ts'
import { type getCase, relationshipToCase } from './service.ts'
import { addTeamMember, changeLead, mayChangeLead, mayLead, practitioners, removeTeamMember } from './team.ts'

type CasePage = (request: FastifyRequest, id: string, extra?: Record<string, unknown>) => Promise<PageData>

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
export function caseTeamRoutes(app: FastifyInstance, casePage: CasePage): void {
  const { lantern } = app

  /** The case page again, with what was refused and what the user chose, as every form here does. */
  async function refused(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    fieldErrors: Record<string, string>,
    values: Record<string, unknown>,
    status = 400,
  ) {
    return render(request, reply, 'cases/views/case.njk', await casePage(request, id, { fieldErrors, values }), status)
  }

  app.post('/cases/:id/members', { config: { action: 'case.addMember' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const body = formFields(request.body)
    // Two small forms post here: one chooses an agency, the other a practitioner.
    const field = 'userId' in body ? 'userId' : 'agencyId'
    const parsed = memberSchema.safeParse(body)
    try {
      if (!parsed.success)
        throw new Invalid(field === 'userId' ? { userId: 'Select a practitioner' } : { agencyId: 'Select an agency' })
      await addTeamMember(lantern.db, request.actor, id, parsed.data, request.ip, lantern.clock())
    } catch (error) {
      if (error instanceof Invalid) return refused(request, reply, id, error.fields, body)
      throw error
    }
    return reply.redirect(`/cases/${id}?added=1#team`, 303)
  })

  app.post(
    '/cases/:id/members/:memberId/remove',
    { config: { action: 'case.removeMember' } },
    async (request, reply) => {
      const { id, memberId } = request.params as { id: string; memberId: string }
      try {
        await removeTeamMember(lantern.db, request.actor, id, memberId, request.ip, lantern.clock())
      } catch (error) {
        if (error instanceof Invalid) return refused(request, reply, id, error.fields, {})
        throw error
      }
      // Someone who took themselves or their own agency off the team can no longer open the case.
      const still = await relationshipToCase(lantern.db, request.actor, id, lantern.clock())
      return reply.redirect(
        still === 'team' || still === 'breakGlass' ? `/cases/${id}?removed=1#team` : '/?leftCase=1',
        303,
      )
    },
  )

  app.post('/cases/:id/lead', { config: { action: 'case.changeLead' } }, async (request, reply) => {
    const { id } = request.params as { id: string }
    const body = formFields(request.body)
    const parsed = changeLeadSchema.safeParse({ leadUserId: body.leadUserId, version: Number(body.version) })
    try {
      if (!parsed.success)
        throw new Invalid({
          leadUserId: fieldIssues(parsed.error.issues).leadUserId ?? 'Reload the page and try again',
        })
      await changeLead(lantern.db, request.actor, id, parsed.data, request.ip, lantern.clock())
    } catch (error) {
      if (error instanceof Invalid) return refused(request, reply, id, error.fields, body)
      // The page comes back at the current version with the user's choice kept, so they can check and send it again.
      if (error instanceof Conflict) return refused(request, reply, id, { leadUserId: error.message }, body, 409)
      throw error
    }
    return reply.redirect(`/cases/${id}?leadChanged=1#team`, 303)
  })
}
