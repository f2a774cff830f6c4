/** The tables the database layer itself owns: which migrations ran, and the service's own keys. */
export const tables = ['schemaMigrations', 'serviceKeys'] as const
