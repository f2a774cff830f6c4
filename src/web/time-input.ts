import { z } from 'zod'
import { parseTime } from './dates.ts'

/**
 * One time input, as people type a time ("2.15pm", "14:15", "9 am", "midday"), read as the 24-hour clock
 * ('14:15'). `label` names the field in each message: "Enter the time it happened like 2:15pm or 14:15". The
 * page shows what was typed again, as typed, when it is refused.
 */
export function timeInput(label: string, options: { required: string }) {
  return z
    .unknown()
    .transform(value => (typeof value === 'string' ? value.trim() : ''))
    .transform((typed, ctx): string => {
      if (!typed) {
        ctx.addIssue({ code: 'custom', message: options.required })
        return z.NEVER
      }
      const time = parseTime(typed)
      if (time === null) {
        ctx.addIssue({ code: 'custom', message: `Enter ${label.toLowerCase()} like 2:15pm or 14:15` })
        return z.NEVER
      }
      return time
    })
}
