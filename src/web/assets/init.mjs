// Progressive enhancement only: every page works without these files.
import { initAll } from '/assets/govuk-frontend.min.js'
import '/assets/lantern/session.mjs'

initAll()

/**
 * A conditional reveal that passes axe: the block (`data-lantern-revealed-by="<value>"`) inside radios marked
 * `data-lantern-reveal="<value>"` shows while the radio of that value is chosen, or while anything in it is ticked
 * (so nothing chosen is ever out of sight). GOV.UK Frontend's own reveal sets aria-expanded on the radio, which ARIA
 * does not allow. The radio gets no aria-controls either: GOV.UK Frontend's radios script syncs every radio with
 * aria-controls on each click, adding aria-expanded and hiding the block by its own rule.
 */
for (const radios of document.querySelectorAll('[data-lantern-reveal]')) {
  const value = radios.getAttribute('data-lantern-reveal')
  const block = radios.querySelector(`[data-lantern-revealed-by="${value}"]`)
  const radio = [...radios.querySelectorAll('input[type="radio"]')].find(r => r.value === value)
  if (!block || !radio) continue
  const sync = () => {
    const show = radio.checked || [...block.querySelectorAll('input')].some(i => i.checked)
    block.classList.toggle('govuk-radios__conditional--hidden', !show)
  }
  radios.addEventListener('change', sync)
  sync()
}
