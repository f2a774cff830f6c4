import { createHash, randomBytes } from 'node:crypto'

/** A random bearer secret; only its hash is stored, so a copy of the database signs nobody in. */
export function newSecret(prefix: string): { secret: string; hash: string } {
  const secret = `${prefix}${randomBytes(32).toString('base64url')}`
  return { secret, hash: hashSecret(secret) }
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
