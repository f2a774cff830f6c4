/**
 * The default of every duration and limit a partnership may set: the one place they are written, never in the
 * code that applies them. Each names its unit, so a page can say what the number means.
 */
export const DEFAULT_POLICY = {
  /** The front door decides on a referral within this many working days (DOMAIN.md: within one working day). */
  referralDecisionWorkingDays: { value: 1, unit: 'working days' },
  /** Emergency (break-glass) read access to a case lasts this many hours. */
  breakGlassHours: { value: 4, unit: 'hours' },
  /** Nobody has emergency access more than this many times in 24 hours. */
  breakGlassPerDay: { value: 3, unit: 'times a day' },
  /**
   * Concerns about a child, or the children of one household, from two or more agencies within this many days
   * add up: the front door and the case lead are prompted with them (issue 10).
   */
  concernsAddUpDays: { value: 30, unit: 'days' },
} as const satisfies Record<string, { value: number; unit: string }>

export type PolicyName = keyof typeof DEFAULT_POLICY

/** Every setting's value for one partnership. */
export type Policy = Readonly<Record<PolicyName, number>>
