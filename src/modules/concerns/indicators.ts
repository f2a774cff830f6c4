// Signs and indicators (DOMAIN.md §8): Lantern's own codes, grouped as the CSA Centre template groups them.

export const INDICATOR_CATEGORIES = {
  phy: 'Physical signs in the child',
  emo: 'Emotional signs in the child',
  beh: "The child's behaviour",
  com: 'What the child communicates',
  poc: 'Someone who may be abusing',
  env: 'Family and environment',
  str: 'Strengths',
} as const

export const INDICATORS: Record<string, string> = {
  'phy-anogenital-symptoms': 'Genital or anal soreness, bleeding or injury',
  'phy-sti': 'Sexually transmitted infection',
  'phy-pregnancy': 'Pregnancy, especially under 16',
  'phy-wetting-soiling': 'New or returning wetting or soiling',
  'phy-unexplained-injury': 'Bruises or bites on thighs, buttocks or neck',
  'emo-withdrawn': 'Withdrawn or low',
  'emo-fear-of-person-place': 'Fears a particular person or place',
  'emo-self-harm': 'Self-harm or suicidal thoughts',
  'emo-sleep-disturbance': 'Nightmares or fear of bedtime',
  'beh-sexualised-behaviour': 'Sexual behaviour beyond developmental stage',
  'beh-sexual-knowledge': 'Unexpected sexual knowledge',
  'beh-harmful-sexual-behaviour': 'Sexual behaviour that harms another child',
  'beh-regression': 'Return to younger behaviour',
  'beh-avoids-home-or-person': 'Avoids going home or a person',
  'beh-school-change': 'Sudden change in attendance or attainment',
  'beh-unexplained-gifts': 'Unexplained money or gifts',
  'com-indirect-disclosure': 'Hints, partial account, testing the response',
  'com-retraction': 'Takes back an account',
  'com-play-drawing': 'Abuse themes in play or drawing',
  'poc-known-history': 'Past allegation, conviction, order or registration',
  'poc-boundary-breaking': 'Ignores privacy at bathing or bedtime',
  'poc-special-relationship': 'Singles the child out; secrets or gifts',
  'poc-seeks-time-alone': 'Engineers unsupervised access',
  'poc-sexual-interest-children': 'Indecent images or stated sexual interest in children',
  'env-new-adult-in-household': 'New adult in the home whose risk is unknown or known',
  'env-poor-supervision': 'Little protective oversight',
  'env-family-isolation': 'Family isolated from outsiders',
  'env-domestic-abuse': 'Domestic abuse',
  'env-previous-csa-in-family': 'Earlier sexual abuse in the family',
  'str-protective-adult': 'A believing, protective adult',
}

export function indicatorList(): { code: string; category: string; label: string }[] {
  return Object.entries(INDICATORS).map(([code, label]) => ({
    code,
    label,
    category: INDICATOR_CATEGORIES[code.slice(0, 3) as keyof typeof INDICATOR_CATEGORIES],
  }))
}
