import { z } from 'zod'

// Route schemas for pages, as the API routes declare theirs. Pages are lenient where the API is strict: a query
// value a page does not use is ignored, and one it cannot read is read as none, as a browser's user expects.

/** A record named in an address. guardInput has already answered 404 for anything not shaped like an id. */
export const recordId = z.guid()

/** `/things/:id` */
export const idParams = z.object({ id: recordId })

/** An optional value in the query: a value given twice, or not as text, reads as none. */
export const queryText = z.string().optional().catch(undefined)
