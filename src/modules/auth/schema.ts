import { z } from 'zod'
import { PASSWORD_MIN_LENGTH } from '../directory/index.ts'

export const signInForm = z.strictObject({
  email: z
    .string({ error: 'Enter your email address' })
    .max(320, 'Email address must be 320 characters or fewer')
    .trim()
    .min(1, 'Enter your email address'),
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(1000, 'Password must be 1,000 characters or fewer'),
})

export const securityCodeForm = z.strictObject({
  code: z
    .string({ error: 'Enter the 6-digit security code' })
    .transform(v => v.replace(/\s+/g, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the 6-digit security code')
        .regex(/^\d{6}$/, 'Security code must be 6 digits, like 123456'),
    ),
})

export const tokenRequest = z.strictObject({
  email: z.string().max(320).trim().min(1, 'Enter your email address'),
  password: z.string().min(1, 'Enter your password').max(1000),
  otp: z
    .string()
    .regex(/^\d{6}$/, 'otp must be the 6-digit code from your authenticator')
    .optional(),
})

export const tokenResponse = z.object({ token: z.string(), expiresAt: z.string() })

const newPassword = (empty: string) =>
  z
    .string({ error: empty })
    .min(1, empty)
    .min(PASSWORD_MIN_LENGTH, `Password must be ${String(PASSWORD_MIN_LENGTH)} characters or more`)
    .max(200, 'Password must be 200 characters or fewer')

/** The form an invited person sets their password with. */
export const invitationForm = z
  .strictObject({
    password: newPassword('Enter a password'),
    confirmPassword: z
      .string({ error: 'Enter the password again' })
      .min(1, 'Enter the password again')
      .max(200, 'Password must be 200 characters or fewer'),
  })
  .refine(f => f.password === f.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match: enter the same password twice',
  })

export const changePasswordForm = z
  .strictObject({
    currentPassword: z
      .string({ error: 'Enter your current password' })
      .min(1, 'Enter your current password')
      .max(1000, 'Password must be 1,000 characters or fewer'),
    newPassword: newPassword('Enter a new password'),
    confirmPassword: z
      .string({ error: 'Enter the new password again' })
      .min(1, 'Enter the new password again')
      .max(200, 'Password must be 200 characters or fewer'),
  })
  .refine(f => f.newPassword === f.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match: enter the same new password twice',
  })

export const changePasswordApi = z.strictObject({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(PASSWORD_MIN_LENGTH).max(200),
})
