/**
 * The default of every duration and limit a partnership may set: the one place they are written, never in the
 * code that applies them. Each names its unit, so a page can say what the number means, the most a partnership
 * may set it to, and where the default comes from (a review item's code links to Lantern's page about it).
 */
export const DEFAULT_POLICY = {
  referralDecisionWorkingDays: {
    label: 'Time for the front door to decide on a referral',
    value: 1,
    unit: 'working days',
    max: 10,
    source: { text: 'Working Together to Safeguard Children: a decision within one working day of a referral' },
  },
  breakGlassHours: {
    label: 'How long emergency (break-glass) access to a case lasts',
    value: 4,
    unit: 'hours',
    max: 24,
    source: {
      text: 'Lantern’s need-to-know rule: emergency access is stated, time-limited and shown to the case lead',
    },
  },
  breakGlassPerDay: {
    label: 'Most uses of emergency access by one person in 24 hours',
    value: 3,
    unit: 'times a day',
    max: 20,
    source: { text: 'Lantern’s need-to-know rule: emergency access is the exception, not a way of working' },
  },
  concernsAddUpDays: {
    label: 'Concerns from different agencies add up when recorded within',
    value: 30,
    unit: 'days',
    max: 365,
    source: {
      text: 'Practitioners miss the signs when each agency holds one piece: concerns that add up are put together',
      reviewCode: 'PI-1',
    },
  },
  taskEscalationWorkingDays: {
    label: 'Time after a task goes overdue before its owner’s managers are told',
    value: 2,
    unit: 'working days',
    max: 20,
    source: {
      text: 'Work drifted without anyone noticing: an overdue task is raised to its owner, then to their managers',
      reviewCode: 'PI-2',
    },
  },
  earlyChargingAdviceDays: {
    label: 'Time from opening a police investigation to seeking early charging advice',
    value: 28,
    unit: 'days',
    max: 180,
    source: {
      text: 'Investigations drifted for months before anyone asked the CPS: early advice is sought within four weeks',
      reviewCode: 'NR-7',
    },
  },
  chargingDecisionDays: {
    label: 'Time from opening a police investigation to a charging decision',
    value: 90,
    unit: 'days',
    max: 730,
    source: {
      text: 'Children waited a long time for a decision on charge: one is made within three months, or the delay is seen',
      reviewCode: 'NR-7',
    },
  },
  conclusionDiscussionWorkingDays: {
    label: 'Time for the agencies’ conclusion discussion after an enquiry is completed or an investigation closes',
    value: 10,
    unit: 'working days',
    max: 60,
    source: {
      text: 'The agencies meet at the end of an enquiry or investigation to consider risk, protection and support',
      reviewCode: 'PR-3',
    },
  },
  assessmentWorkingDays: {
    label: 'Time to complete a child and family assessment',
    value: 45,
    unit: 'working days',
    max: 90,
    source: {
      text: 'Working Together to Safeguard Children: at most 45 working days from the referral',
      reviewCode: 'PI-2',
    },
  },
  initialConferenceWorkingDays: {
    label: 'Time from the strategy discussion to the initial child protection conference',
    value: 15,
    unit: 'working days',
    max: 60,
    source: {
      text: 'Working Together to Safeguard Children: within 15 working days of the strategy discussion that started the section 47 enquiry',
      reviewCode: 'PI-2',
    },
  },
  firstReviewConferenceMonths: {
    label: 'Time from the initial child protection conference to the first review',
    value: 3,
    unit: 'months',
    max: 12,
    source: { text: 'Working Together to Safeguard Children: the first review within 3 months', reviewCode: 'PI-2' },
  },
  laterReviewConferenceMonths: {
    label: 'Most time between later child protection review conferences',
    value: 6,
    unit: 'months',
    max: 12,
    source: {
      text: 'Working Together to Safeguard Children: later reviews at most 6 months apart',
      reviewCode: 'PI-2',
    },
  },
  healthPathwayDecisionWorkingDays: {
    label: 'Time to decide each child’s health pathway after a concern about sexual abuse',
    value: 1,
    unit: 'working days',
    max: 10,
    source: {
      text: 'Recent abuse needs a forensic (SARC) referral urgently, before evidence and treatment are lost; non-recent abuse a health assessment',
      reviewCode: 'PR-6',
    },
  },
  recentAbuseDays: {
    label: 'Abuse counts as recent (a forensic examination may still help) when it was last thought to happen within',
    value: 7,
    unit: 'days',
    max: 60,
    source: {
      text: 'No national cut-off: unverified; local examples are 10 to 13 days (Devon and Cornwall, York). Confirm with your SARC',
    },
  },
  familyUpdateIntervalDays: {
    label: 'Most time between progress updates to the child and family while an enquiry or investigation is open',
    value: 28,
    unit: 'days',
    max: 90,
    source: {
      text: 'Families were left uninformed through months of drift: update them at least this often',
      reviewCode: 'PI-2',
    },
  },
  riskDiscussionWorkingDays: {
    label:
      'Time for a multi-agency discussion and an up-to-date risk assessment when a child is linked to a person who presents a risk of sexual harm',
    value: 5,
    unit: 'working days',
    max: 20,
    source: {
      text: 'Relatives with a known history of sexual offending moved in without a robust assessment of the risk',
      reviewCode: 'PR-4',
    },
  },
  riskAssessmentMaxAgeMonths: {
    label: 'Oldest a risk assessment may be while the person has contact with a child',
    value: 12,
    unit: 'months',
    max: 36,
    source: {
      text: 'Risk is assessed afresh while a person who presents a risk of sexual harm has contact with children',
      reviewCode: 'PR-4',
    },
  },
} as const satisfies Record<
  string,
  { label: string; value: number; unit: string; max: number; source: { text: string; reviewCode?: string } }
>

export type PolicyName = keyof typeof DEFAULT_POLICY

/** Every setting's value for one partnership. */
export type Policy = Readonly<Record<PolicyName, number>>

export const isPolicyName = (name: string): name is PolicyName => Object.hasOwn(DEFAULT_POLICY, name)
