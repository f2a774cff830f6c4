export const tables = ['partnershipPolicy'] as const
