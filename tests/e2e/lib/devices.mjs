// Devices of one user in the browser tests: each device is its own browser context. On the mock each runs its own
// copy of the "server" in its own localStorage, so `shareServer` hands one device's database to another at the
// moments the test needs them to see one server; on Django they share it anyway.
import assert from 'node:assert/strict'
import { E2E_BACKEND, recordApiCalls } from './backend.mjs'
import { openPage, recordToasts } from './browser.mjs'

/** The mock backend's database in localStorage (packages/mock/src/db.ts). */
export const MOCK_DB_KEY = 'mock-backend.db.v1'

/**
 * Mock only: device `to`'s in-browser server takes over device `from`'s database, as if both talked to one server.
 * @param {import('playwright-core').Page} from
 * @param {import('playwright-core').Page} to
 */
export async function shareServer(from, to) {
  if (E2E_BACKEND !== 'mock') return
  const database = await from.evaluate((key) => localStorage.getItem(key), MOCK_DB_KEY)
  assert.ok(database, 'the mock database of the first device')
  await to.evaluate(([key, value]) => localStorage.setItem(key, value), [MOCK_DB_KEY, database])
}

/**
 * A device: its own browser context (the mock 40 ms away), on the login page, its toasts and API calls recorded.
 * @param {import('playwright-core').Browser} browser
 * @param {Parameters<typeof openPage>[1]} [options]
 */
export async function openDevice(browser, options = {}) {
  const device = await openPage(browser, { mockSettings: { latencyMs: 40 }, ...options })
  const toasts = await recordToasts(device.page)
  const apiCalls = recordApiCalls(device.context)
  await device.page.goto('/login')
  await device.page.locator('.login-page form').waitFor()
  return { ...device, toasts, apiCalls }
}
