// Keeps a signed-in tab busy the way a person would: open an order, go back, repeat.
import assert from 'node:assert/strict'

/**
 * Works in `page` (which must show the order list) until `until` (epoch ms); returns how many orders it opened.
 * Every step waits for the page to show what the user asked for, so a failed request fails the test.
 * @param {import('playwright-core').Page} page
 * @param {number} until
 */
export async function keepWorking(page, until) {
  let opened = 0
  while (Date.now() < until) {
    const number = `SO-${String(25 - (opened % 10)).padStart(6, '0')}`
    await page.getByRole('link', { name: new RegExp(number) }).first().click()
    await page.getByRole('button', { name: 'Edit' }).waitFor()
    assert.match(new URL(page.url()).pathname, /^\/orders\/\d+$/)
    await page.goBack()
    await page.getByRole('button', { name: 'New order' }).waitFor()
    opened += 1
  }
  return opened
}

/**
 * Refresh calls, 401 answers and failed user requests in a call log.
 * @param {Array<{ method: string, path: string, status: number }>} calls
 */
export function summarizeCalls(calls) {
  const refreshes = calls.filter((call) => call.path.endsWith('/token/refresh/'))
  return {
    requests: calls.length,
    refreshes: refreshes.length,
    refused: calls.filter((call) => call.status === 401).length,
    failed: calls.filter((call) => call.status >= 400 && !call.path.includes('/token/')).length,
  }
}

/** How long a test's reload or navigation may take to replace the page, with room to spare. */
const NAVIGATION_ROOM_MS = 1500
/** The app's storage key for the session (src/auth/storage.ts) and its cross-tab refresh lock (src/auth/session.ts). */
const SESSION_KEY = 'vue-jwt-drf.session.v1'
const REFRESH_LOCK = 'vue-jwt-drf.refresh'

/**
 * Resolves when `page` may reload or navigate without cutting a token refresh short: at once when its session's next
 * refresh is more than NAVIGATION_ROOM_MS away (the app's own rule, src/auth/schedule.ts: 10 % of the access lifetime
 * before `exp`, at least 250 ms, at most 60 s); otherwise once that refresh has settled in whichever tab made it (answered, stored, and the cross-tab
 * refresh lock released), when the one after is an access lifetime away.
 *
 * Why a test needs it: a page that unloads while a rotating refresh is on the wire never gets the answer, and the
 * server has already blacklisted the refresh token it spent (the contract: "blacklisted at once"), so no client can
 * keep that session; the app ends it with the session-expired message (session.test.mjs shows that). With 3-second
 * tokens a refresh is on the wire every ~2.7 s, so a test that reloads at a random moment would sometimes test
 * that limit instead of what it means to: that a reload keeps the session.
 * @param {import('playwright-core').Page} page
 */
export async function betweenRefreshes(page) {
  const isRefresh = (/** @type {import('playwright-core').Request} */ request) => new URL(request.url()).pathname.endsWith('/token/refresh/')
  // Listening first: the refresh may already be on the wire.
  const settled = page.context().waitForEvent('requestfinished', { predicate: isRefresh, timeout: 15_000 })
  settled.catch(() => undefined)
  const dueInMs = await page.evaluate((key) => {
    const raw = sessionStorage.getItem(key) ?? localStorage.getItem(key)
    if (!raw) return Infinity
    const { access, accessReceivedAt } = JSON.parse(raw)
    const expiresAt = JSON.parse(atob(access.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp * 1000
    const margin = Math.min(60_000, Math.max(250, (expiresAt - accessReceivedAt) * 0.1))
    return expiresAt - margin - Date.now()
  }, SESSION_KEY)
  if (dueInMs > NAVIGATION_ROOM_MS) return
  await settled
  // The lock is held until the new tokens are stored and have had time to reach the other tabs.
  await page.evaluate((name) => navigator.locks.request(name, () => undefined), REFRESH_LOCK)
}
