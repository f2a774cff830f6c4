/**
 * A cookie the service sets, as the cookies page lists it. Each module that sets one describes it beside the code
 * that sets it, and app.ts hands the list to the cookies page, so the page cannot list a cookie the code dropped.
 */
export interface ServiceCookie {
  name: string
  purpose: string
  expires: string
}

/**
 * The CSRF secret of @fastify/csrf-protection (its own default name, given here so the page and the plugin agree).
 * It is set with no Max-Age or Expires, so the browser drops it when it closes.
 */
export const CSRF_COOKIE: ServiceCookie = {
  name: '_csrf',
  purpose:
    'Stops another website sending forms to Lantern in your name. It holds a random value that each form you send ' +
    'must match.',
  expires: 'When you close your browser',
}
