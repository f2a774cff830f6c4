import type { Finding } from '../../kernel/findings.ts'
import { workingDaysUntil } from '../../kernel/working-days.ts'
import { LETTER_AUDIENCES, PLAN_KINDS, UPDATE_TOPICS, VIEW_STAGES } from '../../kernel/codes/families.ts'
import { londonDate } from '../../web/dates.ts'
import { urls } from '../../web/urls.ts'
import type { PathwaySnapshot } from './snapshot.ts'

// Where each child is on the pathway, worked out from the case's records and its open findings: one pure function,
// so the page a tired practitioner reads at 6 pm and the API a system reads say the same thing. Each step reads
// its own module's part of the snapshot; a safeguard's finding about the child shows on the step it watches.

export type StepStatus = 'done' | 'in_progress' | 'to_do' | 'not_decided'

export interface PathwayStep {
  key: StepKey
  title: string
  /** The step's page on the case, where its records are kept. */
  href?: string
  status: StepStatus
  /** What the records say, in a line or two ("Held on 3 November 2026"). */
  facts: readonly string[]
  /** The soonest due finding on this step for the child, with working days left (negative: late). */
  due: { at: Date; workingDays: number; message: string } | null
  /** Refusals and prompts standing on this step. */
  findings: readonly Finding[]
}

export interface ChildPathway {
  childId: string
  steps: readonly PathwayStep[]
  /** What is due next for the child, soonest first: the task list's headline. */
  next: PathwayStep['due']
  /** Findings about the child that no step watches. */
  otherFindings: readonly Finding[]
}

export type StepKey =
  | 'concern'
  | 'strategy'
  | 'enquiry'
  | 'investigation'
  | 'abe'
  | 'health'
  | 'conclusion'
  | 'views'
  | 'family'
  | 'plan'
  | 'risk'

/** Which step each safeguard watches, so its finding shows where the work is done. */
const STEP_OF: Readonly<Record<string, StepKey>> = {
  'SG-13': 'concern',
  'SG-06': 'strategy',
  'SG-16': 'enquiry',
  'SG-17': 'enquiry',
  'SG-18': 'enquiry',
  'SG-07': 'health',
  'SG-02': 'conclusion',
  'SG-01': 'investigation',
  'SG-05': 'investigation',
  'SG-12': 'abe',
  'SG-15': 'abe',
  'SG-11': 'views',
  'SG-04': 'family',
  'SG-03': 'plan',
  'SG-10': 'plan',
  'SG-08': 'risk',
  'SG-09': 'risk',
}

const day = (at: Date) => londonDate(at)

type Facts = Omit<PathwayStep, 'due' | 'findings' | 'key' | 'href'>

/** The latest, by a date, of a list; undefined when it is empty. */
function latest<T>(items: readonly T[], at: (item: T) => Date): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best && at(best) >= at(item) ? best : item), undefined)
}

/** What a completed strategy discussion about the child decided, if one did. */
function decided(
  snapshot: PathwaySnapshot,
  childId: string,
  decision: keyof PathwaySnapshot['strategyDiscussions'][number]['decisions'],
) {
  return snapshot.strategyDiscussions.some(
    d => d.completedAt !== null && d.childIds.includes(childId) && d.decisions[decision],
  )
}

const STEPS: readonly {
  key: StepKey
  /** The step's page on the case. */
  href?: (caseId: string) => string
  /** Whether the step applies to the child at all (left out, the step always shows). */
  shown?: (snapshot: PathwaySnapshot, childId: string) => boolean
  facts: (snapshot: PathwaySnapshot, childId: string) => Facts
}[] = [
  {
    key: 'concern',
    facts: (snapshot, childId) => {
      const concerns = snapshot.concerns.filter(c => c.childId === childId)
      const last = latest(concerns, c => c.recordedAt)
      return last
        ? {
            title: 'Concern',
            status: 'done',
            facts: [
              `${String(concerns.length)} ${concerns.length === 1 ? 'concern' : 'concerns'} recorded on the case, the latest on ${day(last.recordedAt)}`,
            ],
          }
        : {
            title: 'Concern',
            status: 'not_decided',
            facts: ['No concern recorded on this case (it may be on the child’s record)'],
          }
    },
  },
  {
    key: 'strategy',
    href: urls.caseStrategyDiscussions,
    facts: (snapshot, childId) => {
      const about = snapshot.strategyDiscussions.filter(d => d.childIds.includes(childId))
      const done = latest(
        about.filter(d => d.completedAt !== null),
        d => d.heldAt,
      )
      if (done) {
        const decisions = Object.entries(DECISION_WORDS)
          .filter(([name]) => done.decisions[name as keyof typeof DECISION_WORDS])
          .map(([, words]) => words)
        return {
          title: 'Strategy discussion',
          status: 'done',
          facts: [
            `Held on ${day(done.heldAt)}`,
            decisions.length ? `Decided: ${decisions.join(', ')}` : 'Decided none of the joint steps',
          ],
        }
      }
      const draft = latest(about, d => d.heldAt)
      return draft
        ? {
            title: 'Strategy discussion',
            status: 'in_progress',
            facts: [`Held on ${day(draft.heldAt)}, not yet completed`],
          }
        : { title: 'Strategy discussion', status: 'to_do', facts: [] }
    },
  },
  {
    key: 'enquiry',
    href: urls.caseEnquiries,
    facts: (snapshot, childId) => {
      const title = 'Section 47 enquiry and child protection conference'
      const theirs = snapshot.section47Enquiries.filter(e => e.childId === childId)
      const conferences = snapshot.conferences.filter(c => c.childId === childId)
      const lastConference = latest(conferences, c => c.heldAt)
      const conferenceFact = lastConference
        ? [
            `Last ${lastConference.kind} conference on ${day(lastConference.heldAt)}${lastConference.planMade ? ': a child protection plan' : ''}`,
          ]
        : []
      const open = theirs.find(e => e.completedAt === null)
      if (open) return { title, status: 'in_progress', facts: [`Started on ${day(open.startedAt)}`, ...conferenceFact] }
      const done = latest(theirs, e => e.completedAt ?? e.startedAt)
      if (done?.completedAt)
        return { title, status: 'done', facts: [`Completed on ${day(done.completedAt)}`, ...conferenceFact] }
      return decided(snapshot, childId, 'section47')
        ? { title, status: 'to_do', facts: ['The strategy discussion decided to enquire (section 47)'] }
        : { title, status: 'not_decided', facts: ['A strategy discussion decides whether to enquire (section 47)'] }
    },
  },
  {
    key: 'investigation',
    href: urls.caseInvestigations,
    facts: (snapshot, childId) => {
      const title = 'Police investigation and outcome'
      const theirs = snapshot.investigations.filter(i => i.childIds.includes(childId))
      const open = theirs.filter(i => i.outcome === null)
      if (open.length) {
        const first = open[0]
        return {
          title,
          status: 'in_progress',
          facts: first
            ? [
                `${first.crimeReference}: open since ${day(first.openedAt)}`,
                first.chargingAdviceSoughtAt
                  ? `Early charging advice sought on ${day(first.chargingAdviceSoughtAt)}`
                  : 'Early charging advice not yet sought',
              ]
            : [],
        }
      }
      const closed = latest(theirs, i => i.outcome?.decidedAt ?? i.openedAt)
      if (closed?.outcome)
        return {
          title,
          status: 'done',
          facts: [`${closed.crimeReference}: outcome recorded on ${day(closed.outcome.decidedAt)}`],
        }
      return decided(snapshot, childId, 'policeInvestigation')
        ? { title, status: 'to_do', facts: ['The strategy discussion decided the police investigate'] }
        : { title, status: 'not_decided', facts: ['A strategy discussion decides whether the police investigate'] }
    },
  },
  {
    key: 'abe',
    href: urls.caseInvestigations,
    facts: (snapshot, childId) => {
      const title = 'Video-recorded (ABE) interview'
      const theirs = snapshot.abeInterviews.filter(i => i.childId === childId)
      const held = latest(
        theirs.filter(i => i.heldAt !== null),
        i => i.heldAt ?? i.plannedAt,
      )
      if (held?.heldAt) return { title, status: 'done', facts: [`Held on ${day(held.heldAt)}`] }
      const planned = latest(theirs, i => i.plannedAt)
      if (planned)
        return {
          title,
          status: 'in_progress',
          facts: [
            `Planned for ${day(planned.plannedAt)}`,
            planned.childInformedAt
              ? `The child was told what it is and that it is their choice on ${day(planned.childInformedAt)}`
              : 'The child has not yet been told what it is and that it is their choice',
          ],
        }
      return decided(snapshot, childId, 'abeInterview')
        ? { title, status: 'to_do', facts: ['The strategy discussion decided to offer an interview'] }
        : { title, status: 'not_decided', facts: ['A strategy discussion decides whether to offer an interview'] }
    },
  },
  {
    key: 'health',
    href: urls.caseHealth,
    facts: (snapshot, childId) => {
      const title = 'Health pathway'
      const last = latest(
        snapshot.healthDecisions.filter(d => d.childId === childId),
        d => d.decidedAt,
      )
      if (!last) return { title, status: 'to_do', facts: [] }
      const words = { forensic_recent: 'a forensic (SARC) referral', health_non_recent: 'a health assessment' }
      const chosen = last.pathway === 'not_needed' ? 'none needed' : words[last.pathway]
      const finished = last.pathway === 'not_needed' || last.outcomeAt !== null
      return {
        title,
        status: finished ? 'done' : 'in_progress',
        facts: [
          `Decided on ${day(last.decidedAt)}: ${chosen}`,
          ...(last.seenAt ? [`Seen on ${day(last.seenAt)}`] : []),
        ],
      }
    },
  },
  {
    key: 'conclusion',
    href: urls.caseConclusions,
    facts: (snapshot, childId) => {
      const title = 'Conclusion discussion: risk, protection and support'
      const held = latest(
        snapshot.conclusionDiscussions.filter(d => d.childIds.includes(childId)),
        d => d.heldAt,
      )
      if (held) return { title, status: 'done', facts: [`Held on ${day(held.heldAt)}`] }
      return endedFor(snapshot, childId)
        ? { title, status: 'to_do', facts: ['An enquiry or investigation has ended'] }
        : { title, status: 'not_decided', facts: ['Held when an enquiry or investigation ends'] }
    },
  },
  {
    key: 'views',
    href: urls.caseViews,
    facts: (snapshot, childId) => {
      const title = 'The child’s views in their own words'
      const theirs = snapshot.childViews.filter(v => v.childId === childId)
      const last = latest(theirs, v => v.givenAt)
      if (!last) return { title, status: 'to_do', facts: ['No views recorded yet: hear the child at every stage'] }
      return {
        title,
        status: 'done',
        facts: [
          `${String(theirs.length)} ${theirs.length === 1 ? 'time' : 'times'} recorded, the latest on ${day(last.givenAt)} (${VIEW_STAGES[last.stage].toLowerCase()})`,
          ...(last.inOwnWords ? [] : ['The latest is not in their own words: the reason is recorded']),
        ],
      }
    },
  },
  {
    key: 'family',
    href: urls.caseFamily,
    facts: (snapshot, childId) => {
      const title = 'Telling the child and family'
      const about = snapshot.familyUpdates.filter(u => u.childId === childId || u.childId === null)
      const last = latest(about, u => u.at)
      const letters = snapshot.letters
        .filter(l => l.childId === childId || l.childId === null)
        .map(l =>
          l.sentAt
            ? `Letter for ${LETTER_AUDIENCES[l.audience].toLowerCase()} sent on ${day(l.sentAt)}`
            : `Letter for ${LETTER_AUDIENCES[l.audience].toLowerCase()} drafted, not yet sent`,
        )
      if (!last) return { title, status: 'to_do', facts: ['No update given yet', ...letters] }
      const open = stillOpen(snapshot, childId)
      return {
        title,
        status: open ? 'in_progress' : 'done',
        facts: [
          `Last told on ${day(last.at)}: ${last.topics.map(t => UPDATE_TOPICS[t].toLowerCase()).join('; ')}`,
          ...letters,
        ],
      }
    },
  },
  {
    key: 'plan',
    href: urls.casePlans,
    facts: (snapshot, childId) => {
      const title = 'Plan and support'
      const theirs = snapshot.plans.filter(p => p.childId === childId)
      const agreed = theirs.filter(p => p.status === 'agreed')
      if (agreed.length)
        return {
          title,
          status: 'done',
          facts: agreed.map(
            p => `${PLAN_KINDS[p.kind]} agreed${p.reviewDueAt ? `, to be reviewed by ${day(p.reviewDueAt)}` : ''}`,
          ),
        }
      const drafts = theirs.filter(p => p.status === 'draft')
      if (drafts.length)
        return { title, status: 'in_progress', facts: drafts.map(p => `${PLAN_KINDS[p.kind]} drafted, not yet agreed`) }
      const noneNeeded = snapshot.approvals.some(
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the only kind so far; more will join
        a => a.kind === 'no_support_plan' && a.childId === childId && a.status === 'approved',
      )
      if (noneNeeded)
        return { title, status: 'done', facts: ['A manager approved the reason no support plan is needed'] }
      const ended = theirs.filter(p => p.status === 'ended')
      if (ended.length)
        return {
          title,
          status: 'done',
          facts: [`${String(ended.length)} ${ended.length === 1 ? 'plan' : 'plans'} ended at review`],
        }
      return endedFor(snapshot, childId)
        ? {
            title,
            status: 'to_do',
            facts: ['Support goes on after the outcome: make a plan, or ask a manager to agree none is needed'],
          }
        : { title, status: 'not_decided', facts: ['Made when the child needs one, and after every outcome'] }
    },
  },
  {
    key: 'risk',
    href: urls.caseRiskDiscussions,
    // Only for a child linked to someone who may present a risk of sexual harm (SG-08, SG-09).
    shown: (snapshot, childId) => snapshot.riskLinks.some(l => l.childId === childId),
    facts: (snapshot, childId) => {
      const title = 'People who may present a risk of sexual harm'
      const links = snapshot.riskLinks.filter(l => l.childId === childId)
      const facts = links.map(l => {
        const trigger = l.knownAt > l.linkedAt ? l.knownAt : l.linkedAt
        const held = latest(
          snapshot.riskDiscussions.filter(
            d => d.personId === l.personId && (d.heldAt >= trigger || d.recordedAt >= trigger),
          ),
          d => d.heldAt,
        )
        const how = {
          lives_with: 'lives with the child',
          has_contact: 'has contact with the child',
          on_case: 'is on the case',
        }
        return {
          held: held !== undefined,
          line: `${l.personName} ${how[l.link]}: ${held ? `risk discussion held on ${day(held.heldAt)}` : 'no risk discussion since they were linked or more became known'}`,
        }
      })
      return { title, status: facts.every(f => f.held) ? 'done' : 'to_do', facts: facts.map(f => f.line) }
    },
  },
]

/** An enquiry or investigation about the child has ended. */
function endedFor(snapshot: PathwaySnapshot, childId: string): boolean {
  return (
    snapshot.section47Enquiries.some(e => e.childId === childId && e.completedAt !== null) ||
    snapshot.investigations.some(i => i.childIds.includes(childId) && i.outcome !== null)
  )
}

/** An enquiry or investigation about the child is still open. */
function stillOpen(snapshot: PathwaySnapshot, childId: string): boolean {
  return (
    snapshot.section47Enquiries.some(e => e.childId === childId && e.completedAt === null) ||
    snapshot.investigations.some(i => i.childIds.includes(childId) && i.outcome === null)
  )
}

const DECISION_WORDS = {
  section47: 'a section 47 enquiry',
  policeInvestigation: 'a police investigation',
  abeInterview: 'a video-recorded interview',
  healthAssessment: 'a health assessment',
  immediateProtection: 'immediate protection',
} as const

/** Each child's place on the pathway, with what is due next. */
export function pathwayOf(snapshot: PathwaySnapshot, findings: readonly Finding[], now: Date): ChildPathway[] {
  return snapshot.children.map(child => {
    const theirs = findings.filter(f => f.childId === child.personId)
    const steps = STEPS.filter(step => !step.shown || step.shown(snapshot, child.personId)).map(step => {
      const onStep = theirs.filter(f => STEP_OF[f.safeguard] === step.key)
      const soonest = latest(
        onStep.filter(f => f.severity === 'due' && f.dueAt),
        f => new Date(-(f.dueAt?.getTime() ?? 0)),
      )
      return {
        key: step.key,
        ...(step.href ? { href: step.href(snapshot.case.id) } : {}),
        ...step.facts(snapshot, child.personId),
        due: soonest?.dueAt ? dueOf(soonest, soonest.dueAt, now) : null,
        findings: onStep.filter(f => f.severity !== 'due'),
      }
    })
    const dues = steps.flatMap(s => (s.due ? [s.due] : []))
    return {
      childId: child.personId,
      steps,
      next: latest(dues, d => new Date(-d.at.getTime())) ?? null,
      otherFindings: theirs.filter(f => !STEP_OF[f.safeguard]),
    }
  })
}

function dueOf(finding: Finding, at: Date, now: Date): NonNullable<PathwayStep['due']> {
  return { at, workingDays: workingDaysUntil(now, at), message: finding.message }
}
