export const tables = ['concerns', 'referrals'] as const
