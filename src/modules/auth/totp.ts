import { generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'

export function newTotpSecret(): string {
  return generateSecret()
}

export async function totpQrCode(secret: string, email: string): Promise<{ uri: string; dataUrl: string }> {
  const uri = generateURI({ issuer: 'Lantern', label: email, secret })
  return { uri, dataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) }
}

/** Accepts the current code and the one either side of it (30 seconds of clock drift). */
export async function checkTotp(secret: string, code: string, now: Date): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false
  const result = await verify({ secret, token: code, epochTolerance: 30, epoch: Math.floor(now.getTime() / 1000) })
  return result.valid
}
