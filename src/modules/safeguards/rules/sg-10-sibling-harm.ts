import type { Finding } from '../../../kernel/findings.ts'
import { londonDate as inWords } from '../../../web/dates.ts'
import { sourceOf } from '../catalogue.ts'
import type { PathwaySnapshot, Rule } from '../snapshot.ts'
import { workingDaysAfter } from './deadlines.ts'

// SG-10 (PR-3): when the person alleged to have harmed is a child of the family, there is a plan for every child:
// the child harmed, the child who harmed (a harmful sexual behaviour plan) and each brother or sister. Harm by a
// sibling is told by: a child of the case as a child who harmed another child; a suspect of an investigation on
// the case who is a child of the case, or a sibling of one; an alleged perpetrator of the case who is a sibling
// of one of its children. While a plan is missing, a task per child, due 10 working days from when the harm came
// to the case; the change that agrees a plan is refused until every child has one (a plan not ended, agreed or
// still a draft: the children's plans are agreed one after another).

/** Working days from when harm by a sibling came to the case to a plan for every child. */
export const SIBLING_PLAN_WORKING_DAYS = 10

interface SiblingHarm {
  /** The children of the case who harmed: each needs a harmful sexual behaviour plan. */
  harmers: Set<string>
  /** When it came to the case (the case opened, or the investigation), and what says so. */
  since: Date
  facts: string[]
}

function siblingHarm(snapshot: PathwaySnapshot): SiblingHarm | null {
  const children = new Set(snapshot.children.map(c => c.personId))
  const siblingsOfChildren = new Set(snapshot.siblingLinks.filter(l => children.has(l.siblingId)).map(l => l.personId))
  for (const l of snapshot.siblingLinks) if (children.has(l.personId)) siblingsOfChildren.add(l.siblingId)
  const harmers = new Set<string>()
  const facts: string[] = []
  const times: Date[] = []
  const from = (at: Date) => times.push(at)
  for (const c of snapshot.children)
    if (c.role === 'harmed_another_child') {
      harmers.add(c.personId)
      from(snapshot.case.openedAt)
      facts.push('a child of the case is recorded as a child who harmed another child')
    }
  for (const investigation of snapshot.investigations)
    for (const suspect of investigation.suspectIds ?? []) {
      if (children.has(suspect)) {
        harmers.add(suspect)
        from(investigation.openedAt)
        facts.push(`a suspect of police investigation ${investigation.crimeReference} is a child of the case`)
      } else if (siblingsOfChildren.has(suspect)) {
        from(investigation.openedAt)
        facts.push(
          `a suspect of police investigation ${investigation.crimeReference} is a brother or sister of a child of the case`,
        )
      }
    }
  for (const a of snapshot.adults)
    if (a.role === 'alleged_perpetrator' && siblingsOfChildren.has(a.personId)) {
      from(snapshot.case.openedAt)
      facts.push('an alleged perpetrator on the case is a brother or sister of a child of the case')
    }
  if (times.length === 0) return null
  const since = new Date(Math.min(...times.map(t => t.getTime())))
  return { harmers, since, facts: [...new Set(facts)] }
}

export const sg10SiblingHarm: Rule = snapshot => {
  const harm = siblingHarm(snapshot)
  if (!harm) return []
  const current = snapshot.plans.filter(p => p.status !== 'ended')
  const missing = snapshot.children
    .map(c => c.personId)
    .filter(id =>
      harm.harmers.has(id)
        ? !current.some(p => p.childId === id && p.kind === 'harmful_sexual_behaviour')
        : !current.some(p => p.childId === id),
    )
  if (missing.length === 0) return []
  const source = sourceOf('SG-10')
  const needs = (id: string) =>
    harm.harmers.has(id) ? 'a harmful sexual behaviour plan (the child who harmed)' : 'a plan'
  if (snapshot.events.some(e => e.kind === 'plan.agreed'))
    return [
      {
        safeguard: 'SG-10',
        severity: 'block',
        message: `The plan stage waits for a plan for every child: ${missing.map(id => `${nameOf(snapshot, id)} needs ${needs(id)}`).join('; ')}.`,
        childId: null,
        facts: [...harm.facts, `${String(missing.length)} of the case’s children still without the plan they need`],
        source,
      },
    ]
  return missing.map((childId): Finding => ({
    safeguard: 'SG-10',
    severity: 'due',
    message: harm.harmers.has(childId)
      ? 'Make a harmful sexual behaviour plan for the child who harmed'
      : 'Make a plan for this child: a sibling harmed, so every child in the family needs one',
    childId,
    dueAt: workingDaysAfter(harm.since, SIBLING_PLAN_WORKING_DAYS),
    facts: [...harm.facts, `known to the case since ${inWords(harm.since)}`, `the child has no ${needs(childId)}`],
    source,
  }))
}

/** A child by name, or by their place among the case's children when the snapshot has no name for them. */
function nameOf(snapshot: PathwaySnapshot, id: string): string {
  const n = snapshot.children.findIndex(c => c.personId === id) + 1
  return snapshot.childNames[id] ?? `child ${String(n)} of ${String(snapshot.children.length)}`
}
