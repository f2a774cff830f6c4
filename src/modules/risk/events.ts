/** The chronology events this module writes on the open cases of the children linked to a person, or on a case. */
export const riskEventKinds = {
  'risk.civilOrder': 'Civil order recorded',
  'risk.assessment': 'Risk assessment recorded',
  'risk.management': 'Risk management changed',
  'risk.discussion': 'Risk discussion held',
  'risk.sharing': 'Information sharing decided',
} as const satisfies Record<string, string>
