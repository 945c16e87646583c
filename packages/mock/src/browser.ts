/** The MSW worker for a browser page (dev server, demo build): the mock backend with its state in localStorage. */
import { createMockBackendWith, type CreateMockBackendOptions } from './backend.js'
import { createLocalStorageCookieJar } from './browserCookieJar.js'
import { SETTINGS_STORAGE_KEY, parseSettingsOverride } from './config.js'
import { createConsoleApi, faultFromQuery, type MockConsoleApi } from './consoleApi.js'
import { createLocalStorageStorage } from './db.js'

/**
 * Starts the mock backend in this page, behind MSW's service worker, and installs it as `window.mockBackend` (type
 * `mockBackend.help()` in the console).
 *
 * Its database lives in localStorage, shared by every tab of the origin. The settings kept by
 * `mockBackend.configure()` (localStorage) apply over `options`; a `?mock-fail=<kind>` query (with `mock-fail-count`,
 * `mock-fail-path`) arms a fault at load. Requests outside the API base go to the network.
 *
 * @param serviceWorkerUrl - where the page serves MSW's worker script (`npx msw init public/` writes it), e.g.
 *   `${import.meta.env.BASE_URL}mockServiceWorker.js` in a Vite app.
 * @param options - the backend's settings, as {@link createMockBackend} takes them; in a browser `latencyMs` is
 *   worth setting (e.g. 120) so the app is seen waiting.
 * @returns the backend with its console helpers, once the worker intercepts requests.
 */
export async function startMockWorker(serviceWorkerUrl: string, options: CreateMockBackendOptions = {}): Promise<MockConsoleApi> {
  // Loaded here, not at the top: importing the package on node must not load MSW's browser build.
  const { setupWorker } = await import('msw/browser')
  const overrides = parseSettingsOverride(localStorage.getItem(SETTINGS_STORAGE_KEY))
  // The page's requests reach MSW without a User-Agent header: the session list labels this browser by its own.
  // The refresh cookie in a jar every tab reads at each request (MSW's is read once per tab: browserCookieJar.ts).
  const backend = createMockBackendWith(
    { storage: createLocalStorageStorage(), userAgent: navigator.userAgent, ...options, ...overrides },
    createLocalStorageCookieJar(),
  )
  try {
    const fault = faultFromQuery(location.search)
    if (fault) backend.failNext(fault)
  } catch (error) {
    console.warn('[mock-backend] ignoring ?mock-fail:', error instanceof Error ? error.message : error)
  }
  const worker = setupWorker(...backend.handlers)
  await worker.start({ serviceWorker: { url: serviceWorkerUrl }, onUnhandledRequest: 'bypass', quiet: true })
  const api = createConsoleApi(backend, localStorage)
  window.mockBackend = api
  return api
}
