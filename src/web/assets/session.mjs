// Progressive enhancement for the end of a session (WCAG 2.2.1): every page says without this file when the
// session ends; with it, a dialog warns in time to stay signed in, the page signs out when the time comes, and
// what is being typed is kept in this browser tab (sessionStorage: never sent anywhere, gone when the tab closes)
// so that it is there again after signing back in on the same page.

const DRAFT = 'lantern-draft:'
/** A draft kept through a sign-in longer than this is stale: the page it was for has moved on. */
const DRAFT_HOURS = 12
/** Fields never kept: secrets, and what the server sets itself. */
const NEVER_KEPT = new Set(['password', 'hidden', 'file', 'submit', 'button', 'reset', 'image'])

const here = () => `${location.pathname}${location.search}`
const onSignIn = () => location.pathname === '/sign-in' || location.pathname.startsWith('/sign-in/')
const userId = () => document.querySelector('meta[name="lantern-user"]')?.getAttribute('content') ?? null

function drafts() {
  const found = []
  for (let i = 0; i < sessionStorage.length; i++) {
    const key = sessionStorage.key(i)
    if (!key?.startsWith(DRAFT)) continue
    try {
      found.push({ key, draft: JSON.parse(sessionStorage.getItem(key) ?? '') })
    } catch {
      sessionStorage.removeItem(key)
    }
  }
  return found
}

/** The forms worth keeping: those someone types into, not sign-in, not the session's own. */
function typedForms() {
  return [...document.querySelectorAll('form[method="post"]')].filter(
    form =>
      !form.closest('dialog') &&
      !form.querySelector('input[type="password"]') &&
      form.querySelector(
        'textarea, input[type="text"], input:not([type]), select, input[type="radio"], input[type="checkbox"]',
      ),
  )
}

function fieldsOf(form) {
  return [...form.elements].filter(el => el.name && el.name !== '_csrf' && !NEVER_KEPT.has(el.type))
}

function keep(form, index) {
  const values = []
  for (const el of fieldsOf(form)) {
    if (el.type === 'radio' || el.type === 'checkbox') {
      if (el.checked) values.push([el.name, el.value])
    } else if (el.value !== '') values.push([el.name, el.value])
  }
  const key = `${DRAFT}${here()}#${String(index)}`
  if (values.length === 0) sessionStorage.removeItem(key)
  else sessionStorage.setItem(key, JSON.stringify({ page: here(), index, user: userId(), values, at: Date.now() }))
}

function restore(form, values) {
  for (const el of fieldsOf(form)) {
    const mine = values.filter(([name]) => name === el.name).map(([, value]) => value)
    if (el.type === 'radio' || el.type === 'checkbox') el.checked = mine.includes(el.value)
    else if (mine.length > 0) el.value = mine.shift()
  }
  // The conditional parts of radios and checkboxes follow what is now chosen.
  for (const el of form.querySelectorAll('input[type="radio"], input[type="checkbox"]'))
    el.dispatchEvent(new Event('change', { bubbles: true }))
  const note = document.createElement('div')
  note.className = 'govuk-inset-text'
  note.setAttribute('role', 'status')
  note.textContent =
    'You were signed out while you were working here. What you had typed has been put back: check it, then send it.'
  form.prepend(note)
}

/**
 * On a sign-in page after a session ended, the drafts wait for the person to come back; signing out on purpose
 * throws them away (a shared computer). On any other page, a waiting draft of this page for this person is put
 * back, and every other draft is dropped: it was sent, or left.
 */
function settleDrafts() {
  const now = Date.now()
  if (onSignIn()) {
    const expired = new URLSearchParams(location.search).get('expired') === '1'
    for (const { key, draft } of drafts()) {
      if (!expired || now - draft.at > DRAFT_HOURS * 3_600_000) sessionStorage.removeItem(key)
      else sessionStorage.setItem(key, JSON.stringify({ ...draft, waiting: true }))
    }
    return
  }
  const forms = typedForms()
  for (const { key, draft } of drafts()) {
    sessionStorage.removeItem(key)
    if (!draft.waiting || draft.page !== here() || draft.user !== userId()) continue
    const form = forms[draft.index]
    if (form) restore(form, draft.values)
  }
}

function keepTyping() {
  typedForms().forEach((form, index) => {
    const save = () => keep(form, index)
    form.addEventListener('input', save)
    form.addEventListener('change', save)
    form.addEventListener('submit', save)
  })
}

function warnBeforeTheEnd() {
  const dialog = document.getElementById('session-dialog')
  if (!dialog || typeof dialog.showModal !== 'function') return
  const warnMs = Number(dialog.dataset.warnSeconds) * 1000
  let deadline = Date.now() + Number(dialog.dataset.secondsLeft) * 1000
  let timer

  // The page's whole address, query and all, to come back to (the page itself gives only its path).
  const submitFrom = form => {
    form.querySelector('[name="returnTo"]').value = here()
    form.submit()
  }
  const signOut = () => {
    const form = dialog.querySelector('form[data-session-end]')
    form.querySelector('[data-session-timed-out]').value = '1'
    submitFrom(form)
  }
  const check = () => {
    const left = deadline - Date.now()
    if (left <= 0) return signOut()
    if (left <= warnMs && !dialog.open) dialog.showModal()
    // Wake at the warning, at the end, and at least each half-minute (a sleeping laptop skips timers).
    timer = setTimeout(check, Math.max(250, Math.min(left > warnMs ? left - warnMs : left, 30_000)))
  }
  const stay = async () => {
    const form = dialog.querySelector('form[data-session-keep]')
    try {
      const answer = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      })
      if (!answer.ok) throw new Error(String(answer.status))
      const { secondsLeft, time } = await answer.json()
      deadline = Date.now() + secondsLeft * 1000
      for (const el of document.querySelectorAll('[data-session-time]')) el.textContent = time
      if (dialog.open) dialog.close()
      clearTimeout(timer)
      check()
    } catch {
      // The session has already ended, or the network is down: the form does it the long way.
      submitFrom(form)
    }
  }
  dialog.querySelector('form[data-session-keep]').addEventListener('submit', event => {
    event.preventDefault()
    void stay()
  })
  // Escape closes the warning as "stay signed in" does (the GOV.UK pattern), rather than leaving it unanswered.
  dialog.addEventListener('cancel', event => {
    event.preventDefault()
    void stay()
  })
  check()
}

settleDrafts()
keepTyping()
warnBeforeTheEnd()
