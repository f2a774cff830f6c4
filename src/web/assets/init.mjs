// Progressive enhancement only: every page works without these files.
import { initAll } from '/assets/govuk-frontend.min.js'
import '/assets/lantern/session.mjs'

initAll()
