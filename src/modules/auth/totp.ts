import { generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'

export function newTotpSecret(): string {
  return generateSecret()
}

export async function totpQrCode(secret: string, email: string): Promise<{ uri: string; dataUrl: string }> {
  const uri = generateURI({ issuer: 'Lantern', label: email, secret })
  return { uri, dataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) }
}

const STEP_SECONDS = 30

/**
 * Accepts the current code and the one either side of it (30 seconds of clock drift), but never a code from
 * a step at or before `lastStep`: a code, once used, cannot be used again. Returns the step it matched.
 */
export async function checkTotp(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null
  const nowSeconds = Math.floor(now.getTime() / 1000)
  for (const offset of [0, -1, 1]) {
    const epoch = nowSeconds + offset * STEP_SECONDS
    const step = Math.floor(epoch / STEP_SECONDS)
    if (lastStep !== null && step <= lastStep) continue
    if ((await verify({ secret, token: code, epoch })).valid) return step
  }
  return null
}
