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
    await shown(page, page.getByRole('button', { name: 'Edit' }), `order ${number}`)
    assert.match(new URL(page.url()).pathname, /^\/orders\/\d+$/)
    await page.goBack()
    await shown(page, page.getByRole('button', { name: 'New order' }), 'the order list')
    opened += 1
  }
  return opened
}

/**
 * Waits for what the user asked for; when it doesn't come, says where the tab is instead (a logout to /login, an
 * error page), not only which button is missing.
 * @param {import('playwright-core').Page} page
 * @param {import('playwright-core').Locator} locator
 * @param {string} what
 */
async function shown(page, locator, what) {
  try {
    await locator.waitFor()
  } catch (error) {
    const url = new URL(page.url())
    throw new Error(`${what} not shown: the tab is at ${url.pathname}${url.search}`, { cause: error })
  }
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
    /** What was refused, to say in a failure: "POST /api/token/refresh/ 401". */
    refusedCalls: calls.filter((call) => call.status === 401).map((call) => `${call.method} ${call.path} ${call.status}`),
    failed: calls.filter((call) => call.status >= 400 && !call.path.includes('/token/')).length,
  }
}
