import argon2 from 'argon2'

// OWASP's argon2id baseline (19 MiB, 2 passes): slow for an attacker, quick enough for a sign-in page.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS)
}

let dummyHash: Promise<string> | undefined

/** Verifies a password; with no stored hash it still spends the same time, so timing does not reveal emails. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    dummyHash ??= hashPassword('not-a-real-password')
    await argon2.verify(await dummyHash, password).catch(() => false)
    return false
  }
  return argon2.verify(hash, password).catch(() => false)
}

export const PASSWORD_MIN_LENGTH = 12
