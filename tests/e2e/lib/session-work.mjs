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
    /** What was refused, to say in a failure: "POST /api/token/refresh/ 401". */
    refusedCalls: calls.filter((call) => call.status === 401).map((call) => `${call.method} ${call.path} ${call.status}`),
    failed: calls.filter((call) => call.status >= 400 && !call.path.includes('/token/')).length,
  }
}
