import { formList } from './forms.ts'

// The options of GOV.UK radios, checkboxes and selects, built with the page's data rather than in templates:
// one place marks what was chosen, whether it came as one value or several.

export interface Choice {
  value: string
  text: string
  hint?: { text: string }
  disabled?: boolean
}

/** A code list (`{ code: label }`) as choices, in its own order. */
export function choicesOf(labels: Readonly<Record<string, string>>): Choice[] {
  return Object.entries(labels).map(([value, text]) => ({ value, text }))
}

/** A select's options, the chosen one selected. */
export function selectItems<C extends Choice>(choices: readonly C[], chosen: unknown): (C & { selected: boolean })[] {
  return choices.map(c => ({ ...c, selected: c.value === chosen }))
}

/** Checkboxes or radios, each chosen one checked: `chosen` is one value or several. */
export function checkedItems<C extends Choice>(choices: readonly C[], chosen: unknown): (C & { checked: boolean })[] {
  const values = formList(chosen)
  return choices.map(c => ({ ...c, checked: values.includes(c.value) }))
}
