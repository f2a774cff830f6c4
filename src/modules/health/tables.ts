export const tables = ['healthPathways', 'healthReferrals'] as const
