import type { OutcomeCode, OutcomeKind } from '../../kernel/codes/investigations.ts'
import { OUTCOME_KINDS, rightToReviewApplies } from '../../kernel/codes/investigations.ts'
import { londonDate as inWords } from '../../web/dates.ts'

// The draft of a letter after an outcome (DOMAIN.md §5), for the family and in a child's version that says the
// same in short sentences and short words. It says only what the record holds: what was decided, that this does
// not mean the child was not believed, the police's reasons, who keeps supporting them, the right to review (only
// after a decision not to charge) and criminal injuries compensation with its time limit. What support follows
// is the practitioner's to decide: the letter names who to ask, never what they will get.

export interface LetterChild {
  givenName: string
  familyName: string
  dateOfBirth: string | null
}

export interface LetterFacts {
  audience: 'family' | 'child'
  /** The child the letter is about (the child's version), or each child of the outcome (the family's). */
  children: readonly LetterChild[]
  /** The case's lead practitioner, who keeps supporting them. */
  lead: { name: string; agencyName: string }
  /** Who makes the letter, who signs it. */
  author: { name: string; agencyName: string }
  /** The day the abuse was reported to the police (the investigation opened), as YYYY-MM-DD; else the case opened. */
  reportedOn: string
  investigation: {
    crimeReference: string
    outcome: { kind: OutcomeKind; code: OutcomeCode; rationale: string; decidedAt: Date } | null
  } | null
}

/** The day `years` after a date of birth; a birthday of 29 February falls on 28 February, so it is never late. */
export function birthday(dateOfBirth: string, years: number): string {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number]
  const year = y + years
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const day = m === 2 && d === 29 && !leap ? 28 : d
  return `${String(year)}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * Criminal injuries compensation (Scheme 2012, paras 87–88): a child under 18 when it was reported applies before
 * their 20th birthday; otherwise within 2 years of the report. Unknown when the child's date of birth is.
 */
export function compensationDeadline(
  child: LetterChild,
  reportedOn: string,
): { by: 'twentieth_birthday' | 'two_years'; date: string } | null {
  if (!child.dateOfBirth) return null
  if (reportedOn < birthday(child.dateOfBirth, 18))
    return { by: 'twentieth_birthday', date: birthday(child.dateOfBirth, 20) }
  const [y, m, d] = reportedOn.split('-') as [string, string, string]
  return { by: 'two_years', date: `${String(Number(y) + 2)}-${m}-${d}` }
}

export function draftLetter(facts: LetterFacts): string {
  return facts.audience === 'child' ? childLetter(facts) : familyLetter(facts)
}

const FAMILY_DECISION: Record<OutcomeKind, string> = {
  charged: 'The person suspected has been charged or summonsed, so the case will go to court.',
  no_further_police_action_at_this_time:
    'The police will take no further action at this time. The case can be looked at again if new information comes to light.',
  out_of_court_resolution:
    'The police have dealt with the offence without a court hearing (an out of court resolution).',
  taken_into_consideration:
    'The offence will be taken into consideration when the person is sentenced for another offence.',
  transferred: 'The police have passed the investigation to another body.',
  diversion:
    'The person has been given a diversionary, educational or intervention activity instead of going to court.',
}

function names(children: readonly LetterChild[]): string {
  const all = children.map(c => c.givenName)
  return all.length <= 1 ? (all[0] ?? 'your child') : `${all.slice(0, -1).join(', ')} and ${all.at(-1) ?? ''}`
}

function familyLetter(facts: LetterFacts): string {
  const { children, lead, author, investigation } = facts
  const who = names(children)
  const lines: string[] = [
    `To the family of ${children.map(c => `${c.givenName} ${c.familyName}`).join(', ') || 'the child'}`,
    '',
  ]
  const outcome = investigation?.outcome ?? null
  if (investigation && outcome) {
    lines.push(
      `I am writing to tell you the outcome of the police investigation, crime reference ${investigation.crimeReference}.`,
      '',
      'What was decided',
      `On ${inWords(outcome.decidedAt)} the police recorded the outcome: ${OUTCOME_KINDS[outcome.kind].toLowerCase()}. ${FAMILY_DECISION[outcome.kind]}`,
    )
    if (outcome.kind !== 'charged')
      lines.push(
        `This does not mean that ${who} ${children.length > 1 ? 'were' : 'was'} not believed, or that nothing happened. It is a decision about what the police can take to court.`,
      )
    lines.push('', 'Why', `The police gave these reasons: ${outcome.rationale.trim()}`)
  } else
    lines.push(
      `I am writing to tell you how the work with ${who} is going. The enquiries are not finished yet, and we will keep you told of how they are going.`,
    )
  lines.push(
    '',
    'What happens next',
    `Support does not stop here. ${lead.name} of ${lead.agencyName} will keep working with ${who} and with you. Please contact ${lead.name} to talk about the support ${who} and your family need, or to ask anything about this letter.`,
  )
  if (outcome && rightToReviewApplies(outcome))
    lines.push(
      '',
      'Your right to ask for a review',
      'You can ask for this decision not to charge to be looked at again, under the Victims’ Right to Review scheme.',
      'If the police made the decision, ask the police within 3 months of it.',
      'If the Crown Prosecution Service (CPS) made it, ask the CPS within 10 working days; the CPS accepts requests up to 3 months after the decision.',
      `${lead.name} can help you ask.`,
    )
  if (investigation) {
    lines.push(
      '',
      'Criminal injuries compensation',
      `You can apply to the Criminal Injuries Compensation Authority (CICA) for compensation for ${who}. It is free to apply.`,
    )
    for (const child of children) {
      const deadline = compensationDeadline(child, facts.reportedOn)
      lines.push(
        deadline?.by === 'twentieth_birthday'
          ? `${child.givenName} was under 18 when this was reported to the police, so apply before ${child.givenName}’s 20th birthday, on ${inWords(deadline.date)}.`
          : deadline
            ? `Apply for ${child.givenName} within 2 years of the report to the police, by ${inWords(deadline.date)}.`
            : `If ${child.givenName} was under 18 when this was reported to the police, apply before ${child.givenName}’s 20th birthday; otherwise within 2 years of the report.`,
      )
    }
  }
  lines.push('', 'Yours sincerely,', '', author.name, author.agencyName)
  return lines.join('\n')
}

const CHILD_DECISION: Record<OutcomeKind, string> = {
  charged: 'The police have charged the person. Now a court will look at it.',
  no_further_police_action_at_this_time:
    'The police will not take it to court for now. They call this: no further police action at this time.',
  out_of_court_resolution: 'The police have dealt with it, but not in a court.',
  taken_into_consideration: 'The police have dealt with it. A court will look at it with a case the person has there.',
  transferred: 'The police have passed it on to a new team to look at.',
  diversion: 'The person will do a course or some work to help them change. It will not go to a court.',
}

function childLetter(facts: LetterFacts): string {
  const [child] = facts.children
  const name = child?.givenName ?? 'you'
  const lead = facts.lead.name
  const outcome = facts.investigation?.outcome ?? null
  const lines: string[] = [`Dear ${name},`, '']
  if (outcome) {
    lines.push('The police have looked at what happened.', CHILD_DECISION[outcome.kind])
    if (outcome.kind !== 'charged') lines.push('This does not mean we did not believe you.')
    lines.push('The police wrote down why.', `${lead} can tell you why. You can ask ${lead} what you like.`)
  } else
    lines.push(
      'We are still looking at what happened.',
      'It can take a long time.',
      'We will tell you how it is going.',
    )
  lines.push('', 'What next', `${lead} will keep on helping you.`, `${lead} works at ${facts.lead.agencyName}.`)
  lines.push('You can talk to them at any time.', 'Your family can get help too.')
  if (outcome && rightToReviewApplies(outcome))
    lines.push(
      '',
      'You can ask for a new look',
      'You can ask the police to look at it again.',
      'This is your right to review.',
      'Ask in the next 3 months.',
      `${lead} can help you ask.`,
    )
  const deadline = child && facts.investigation ? compensationDeadline(child, facts.reportedOn) : null
  if (facts.investigation)
    lines.push(
      '',
      'Money to help you',
      'You may be able to get some money to help you.',
      'It is called compensation.',
      deadline?.by === 'twentieth_birthday'
        ? `You need to ask for it before you turn 20. You turn 20 on ${inWords(deadline.date)}.`
        : deadline
          ? `You need to ask for it by ${inWords(deadline.date)}.`
          : 'You need to ask for it in time.',
      `${lead} or your family can help you ask.`,
    )
  lines.push('', 'From', facts.author.name)
  return lines.join('\n')
}
