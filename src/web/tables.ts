/** The web layer owns the API's idempotency keys (see api-contract.ts). */
export const tables = ['idempotencyKeys'] as const
