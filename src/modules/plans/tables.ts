export const tables = ['plans', 'planActions', 'planReviews'] as const
