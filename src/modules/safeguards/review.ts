// The national review behind the safeguards, in Lantern's own summary words (DOMAIN.md §11): every finding a
// safeguard raises names one of these codes, and links to its page, so a practitioner told "this is due" can
// read why the review asked for it. The review itself is the Child Safeguarding Practice Review Panel's
// "I wanted them all to notice" (26 November 2024).

export type ReviewKind = 'partners' | 'national' | 'practice' | 'reflective'

export interface ReviewItem {
  code: string
  kind: ReviewKind
  title: string
  /** What the review says, summarised in our words: never a quotation longer than a phrase. */
  summary: readonly string[]
}

export const REVIEW = {
  title:
    'I wanted them all to notice: protecting children and responding to child sexual abuse within the family environment',
  publisher: 'Child Safeguarding Practice Review Panel',
  published: '2024-11-26',
  href: 'https://assets.publishing.service.gov.uk/media/67446a8a81f809b32c8568d3/CSPRP_-_I_wanted_them_all_to_notice.pdf',
  evidence:
    'The panel looked at 136 serious incidents and 41 local reviews from 2018 to 2023, about 193 children, and ' +
    'spoke with practitioners, children and families.',
} as const

export const REVIEW_KINDS: Readonly<Record<ReviewKind, string>> = {
  partners: 'Recommendations to safeguarding partners',
  national: 'National recommendations',
  practice: 'Practice issues',
  reflective: 'Reflective questions',
}

export const REVIEW_ITEMS: readonly ReviewItem[] = [
  {
    code: 'PR-1',
    kind: 'partners',
    title: 'Strategic planning',
    summary: [
      'Each safeguarding partnership should have a local action plan that answers the review, owned by the partners together.',
    ],
  },
  {
    code: 'PR-2',
    kind: 'partners',
    title: 'Knowledge, skills and confidence',
    summary: [
      'Partners should assess what training their practitioners need across agencies, including joint training in Achieving Best Evidence (ABE) interviews for police officers and social workers.',
      'Single-agency and multi-agency training should follow, with particular attention to schools, early years and other education settings, where children are seen every day.',
    ],
  },
  {
    code: 'PR-3',
    kind: 'partners',
    title: 'Enquiries and investigations',
    summary: [
      'Partners should audit the quality of multi-agency decisions, with a clear pathway, guidance on signs and indicators, and threshold documents, and follow Working Together.',
      'When a section 47 enquiry or a police investigation ends, the agencies should meet to discuss risk, protection and support: the end of a criminal investigation is not the end of the child’s need.',
      'Police should write “no further police action at this time”, never “no further action”, which children and families hear as “it didn’t happen”, and record clearly why an investigation closed, shared with the other agencies.',
      'Where a sibling harmed, there should be a plan for every child, the child who harmed included.',
    ],
  },
  {
    code: 'PR-4',
    kind: 'partners',
    title: 'People who present a risk of sexual harm',
    summary: [
      'Partners should review with probation and others how people who present a risk of sexual harm and have contact with children are assessed and managed.',
      'Risk information should be shared in time, through named single points of contact and robust information sharing with probation, and civil orders should be considered.',
    ],
  },
  {
    code: 'PR-5',
    kind: 'partners',
    title: 'Talking to children',
    summary: [
      'Practitioners, foster carers included, should be confident to talk directly with children and their families about sexual abuse, mindful of ethnicity, language and disability.',
      'When an investigation ends, plans should take care of its impact on the child.',
    ],
  },
  {
    code: 'PR-6',
    kind: 'partners',
    title: 'Health',
    summary: [
      'There should be local pathways for forensic and health assessments, for recent and for non-recent abuse, and practitioners should know them.',
      'A strategy discussion about possible sexual abuse should include a health professional with clinical experience of child sexual abuse, or one who has consulted such a professional.',
    ],
  },
  {
    code: 'NR-1',
    kind: 'national',
    title: 'A national strategic plan',
    summary: ['Government should lead a national strategic plan for tackling child sexual abuse within the family.'],
  },
  {
    code: 'NR-2',
    kind: 'national',
    title: 'Skills, knowledge and guidance',
    summary: [
      'Practitioners and their managers need the skills, knowledge and guidance to recognise and respond to child sexual abuse.',
    ],
  },
  {
    code: 'NR-3',
    kind: 'national',
    title: 'Better joint enquiries',
    summary: [
      'Joint enquiries by police and children’s social care should improve, with decisions made in the child’s interests.',
    ],
  },
  {
    code: 'NR-4',
    kind: 'national',
    title: 'Assessing and managing people who present a risk',
    summary: [
      'People who present a risk of sexual harm and have contact with children should be robustly assessed and managed.',
    ],
  },
  {
    code: 'NR-5',
    kind: 'national',
    title: 'Talking directly with children and families',
    summary: ['Practitioners should talk directly with children and families about sexual abuse.'],
  },
  {
    code: 'NR-6',
    kind: 'national',
    title: 'Health pathways audited',
    summary: ['NHS England and commissioners should audit the health pathways for recent and non-recent abuse.'],
  },
  {
    code: 'NR-7',
    kind: 'national',
    title: 'Early charging advice',
    summary: [
      'There should be a clear process for police to seek early advice from prosecutors where a case cannot yet meet the threshold for charge, so investigations do not drift.',
    ],
  },
  {
    code: 'NR-8',
    kind: 'national',
    title: 'Judicial decisions',
    summary: [
      'The President of the Family Division is asked to consider how judicial decisions take account of these findings.',
    ],
  },
  {
    code: 'NR-9',
    kind: 'national',
    title: 'Cafcass',
    summary: ['Cafcass is asked to consider the findings in its work with children and families.'],
  },
  {
    code: 'NR-10',
    kind: 'national',
    title: 'The inspectorates',
    summary: [
      'Ofsted, the Care Quality Commission, HM Inspectorate of Constabulary and HM Inspectorate of Probation are asked to look at these responses in their inspections.',
    ],
  },
  {
    code: 'PI-1',
    kind: 'practice',
    title: 'Recognising risk without waiting for the child to tell',
    summary: [
      'Practitioners struggle to recognise the signs and wait for a child to say what is happening. Action must not depend on a spoken disclosure.',
      'Very young children, disabled and neurodivergent children, and Black and minoritised children were most often missed.',
    ],
  },
  {
    code: 'PI-2',
    kind: 'practice',
    title: 'Criminal and safeguarding responses poorly joined',
    summary: [
      'The criminal-justice response and the safeguarding response were poorly joined. Cases drifted, families were not kept informed, and help often stopped altogether when the criminal threshold was not met.',
    ],
  },
  {
    code: 'PI-3',
    kind: 'practice',
    title: 'Support for children and families during investigations',
    summary: [
      'Children and families lacked support during investigations, especially very young children, children with communication needs and children who withdrew what they had said.',
      'Children were badly told about video-recorded (ABE) interviews, and some were made to feel responsible for the outcome when they were unsure.',
    ],
  },
  {
    code: 'PI-4',
    kind: 'practice',
    title: 'People who present a risk were poorly assessed',
    summary: [
      'Over a third of the reviews had a family member with a known sexual-offending history or known risk, some of whom moved in without a robust risk assessment.',
      'Any previous allegation or conviction should lead to a multi-agency discussion and a fresh assessment of risk.',
    ],
  },
  {
    code: 'RQ-1',
    kind: 'reflective',
    title: 'Lessons for the organisation and its partners',
    summary: [
      'What does the review mean for your organisation, and for its work with probation, education, police and health?',
    ],
  },
  {
    code: 'RQ-2',
    kind: 'reflective',
    title: 'What could have been done differently',
    summary: ['Looking at your own cases, what could have been done differently?'],
  },
  {
    code: 'RQ-3',
    kind: 'reflective',
    title: 'Immediate practical steps',
    summary: ['What practical steps can be taken now?'],
  },
  {
    code: 'RQ-4',
    kind: 'reflective',
    title: 'Hearing children’s voices',
    summary: ['How must practice change so that children’s voices are heard?'],
  },
  {
    code: 'RQ-5',
    kind: 'reflective',
    title: 'Black and minoritised children',
    summary: ['How are the needs of Black and minoritised children recognised and met?'],
  },
  {
    code: 'RQ-6',
    kind: 'reflective',
    title: 'The views of children and non-abusing parents',
    summary: ['How are the views of children, and of parents and carers who did not harm them, sought and acted on?'],
  },
]

const BY_CODE = new Map(REVIEW_ITEMS.map(item => [item.code, item]))

/** The review item with this code, or undefined. Codes are written as in DOMAIN.md: `PR-3`, `PI-1`. */
export function reviewItem(code: string): ReviewItem | undefined {
  return BY_CODE.get(code)
}
