// The safeguards: the national review's recommendations as rules that prompt, set deadlines or refuse, each
// linked to its source. Today: the review itself (its pages and list) and the catalogue of safeguards every
// rule and finding names; the rules come with the pathway steps they watch (issue 12).
export { safeguardsActions } from './actions.ts'
export { safeguardsRoutes } from './routes.ts'
export { SAFEGUARDS, safeguardEntry, safeguardsCarrying, sourceOf, type SafeguardEntry } from './catalogue.ts'
export { REVIEW, REVIEW_ITEMS, reviewItem, type ReviewItem } from './review.ts'
