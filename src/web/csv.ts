// CSV downloads (the partnership's lists, the audit log), opened in a spreadsheet: a cell starting with = + - @ (or a tab or carriage
// return) would be read as a formula there, so it is prefixed with a single quote (OWASP's CSV injection advice).

const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A header row and the rows under it, lines ended CRLF as RFC 4180 has them. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header, ...rows].map(row => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
