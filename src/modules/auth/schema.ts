import { z } from 'zod'

export const signInForm = z.strictObject({
  email: z.string({ error: 'Enter your email address' }).max(320, 'Email address must be 320 characters or fewer').trim().min(1, 'Enter your email address'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(1000, 'Password must be 1,000 characters or fewer'),
})

export const securityCodeForm = z.strictObject({
  code: z
    .string({ error: 'Enter the 6-digit security code' })
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().min(1, 'Enter the 6-digit security code').regex(/^\d{6}$/, 'Security code must be 6 digits, like 123456')),
})

export const tokenRequest = z.strictObject({
  email: z.string().max(320).trim().min(1, 'Enter your email address'),
  password: z.string().min(1, 'Enter your password').max(1000),
  otp: z.string().regex(/^\d{6}$/, 'otp must be the 6-digit code from your authenticator').optional(),
})

export const tokenResponse = z.object({ token: z.string(), expiresAt: z.string() })
