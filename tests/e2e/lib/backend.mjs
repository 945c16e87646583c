// Which backend the browser tests run against: the mock in the demo build, or the project's Django server
// behind `vite preview` (E2E_BACKEND=django, set by tests/e2e/run.mjs). Tests read API traffic through here.

/** @type {'mock' | 'django'} */
export const E2E_BACKEND = process.env.E2E_BACKEND === 'django' ? 'django' : 'mock'

/**
 * @typedef {{ method: string, path: string, status: number, at: number }} ApiCall
 */

/**
 * @typedef {((page: import('playwright-core').Page) => Promise<ApiCall[]>) & {
 *   answered: (page: import('playwright-core').Page, pathEnd: string, timeoutMs?: number) => Promise<ApiCall[]>
 * }} ApiCallLog
 */

/**
 * Records every API answer the pages of a context receive, from the network (the real server keeps no log
 * a test can read). The mock's own log is used on the mock: its answers come from a service worker.
 * `answered(page, pathEnd)` resolves with the calls so far once a call to that path has been answered: an app
 * may send a request (a best-effort logout) after the page has already moved on.
 * @param {import('playwright-core').BrowserContext} context
 * @returns {ApiCallLog}
 */
export function recordApiCalls(context) {
  /** @type {ApiCall[]} */
  const calls = []
  /** @type {Set<() => void>} */
  const listeners = new Set()
  if (E2E_BACKEND === 'django') {
    context.on('response', (response) => {
      const url = new URL(response.url())
      if (!url.pathname.startsWith('/api/')) return
      calls.push({ method: response.request().method(), path: url.pathname, status: response.status(), at: Date.now() })
      listeners.forEach((listener) => listener())
    })
  }
  /** @param {import('playwright-core').Page} page */
  // A pre-rendered page (the login) shows before the app boots and starts the mock: wait for it.
  const read = async (page) => {
    if (E2E_BACKEND === 'django') return [...calls]
    await page.waitForFunction(() => /** @type {any} */ (window).mockBackend !== undefined)
    return page.evaluate(() => /** @type {any} */ (window).mockBackend.calls)
  }
  /** @param {import('playwright-core').Page} page @param {string} pathEnd @param {number} [timeoutMs] */
  const answered = async (page, pathEnd, timeoutMs = 5000) => {
    const has = (/** @type {ApiCall[]} */ list) => list.some((call) => call.path.endsWith(pathEnd))
    if (E2E_BACKEND === 'django') {
      if (!has(calls)) {
        await new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            listeners.delete(check)
            reject(new Error(`no answer to ${pathEnd} within ${timeoutMs} ms`))
          }, timeoutMs)
          function check() {
            if (!has(calls)) return
            clearTimeout(timer)
            listeners.delete(check)
            resolve(undefined)
          }
          listeners.add(check)
        })
      }
      return [...calls]
    }
    // The mock's log lives in the page's storage: wait for it there.
    await page.waitForFunction((end) => /** @type {any} */ (window).mockBackend.calls.some((/** @type {ApiCall} */ call) => call.path.endsWith(end)), pathEnd, {
      timeout: timeoutMs,
    })
    return read(page)
  }
  return Object.assign(read, { answered })
}
