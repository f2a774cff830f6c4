// The partnership's CSV is the web layer's, shared with the audit log's download.
export { csvCell, toCsv } from '../../web/csv.ts'
