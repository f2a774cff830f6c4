export const tables = ['section47Enquiries', 'assessments', 'conferences'] as const
