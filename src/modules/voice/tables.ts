export const tables = ['childViews', 'parentViews'] as const
