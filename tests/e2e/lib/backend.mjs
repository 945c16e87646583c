// Which backend the browser tests run against: the mock in the demo build, or the project's Django server
// behind `vite preview` (E2E_BACKEND=django, set by tests/e2e/run.mjs). Tests read API traffic through here.

/** @type {'mock' | 'django'} */
export const E2E_BACKEND = process.env.E2E_BACKEND === 'django' ? 'django' : 'mock'

/**
 * @typedef {{ method: string, path: string, status: number, at: number }} ApiCall
 */

/**
 * Records every API answer the pages of a context receive, from the network (the real server keeps no log
 * a test can read). The mock's own log is used on the mock: its answers come from a service worker.
 * @param {import('playwright-core').BrowserContext} context
 * @returns {(page: import('playwright-core').Page) => Promise<ApiCall[]>} the calls so far, oldest first
 */
export function recordApiCalls(context) {
  /** @type {ApiCall[]} */
  const calls = []
  if (E2E_BACKEND === 'django') {
    context.on('response', (response) => {
      const url = new URL(response.url())
      if (!url.pathname.startsWith('/api/')) return
      calls.push({ method: response.request().method(), path: url.pathname, status: response.status(), at: Date.now() })
    })
  }
  return async (page) => (E2E_BACKEND === 'django' ? [...calls] : page.evaluate(() => /** @type {any} */ (window).mockBackend.calls))
}
