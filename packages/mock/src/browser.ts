/** The MSW worker for the browser (dev server, demo build): the mock backend with its state in localStorage. */
import { setupWorker } from 'msw/browser'
import { createMockBackend } from './backend'
import { SETTINGS_STORAGE_KEY, envMockSettings, parseSettingsOverride } from './config'
import { createConsoleApi, faultFromQuery } from './consoleApi'
import { createLocalStorageStorage } from './db'

export async function startMockWorker(): Promise<void> {
  const overrides = parseSettingsOverride(localStorage.getItem(SETTINGS_STORAGE_KEY))
  // The page's requests reach MSW without a User-Agent header: the session list labels this browser by its own.
  const backend = createMockBackend({ ...envMockSettings, ...overrides, storage: createLocalStorageStorage(), userAgent: navigator.userAgent })
  try {
    const fault = faultFromQuery(location.search)
    if (fault) backend.failNext(fault)
  } catch (error) {
    console.warn('[mock-backend] ignoring ?mock-fail:', error instanceof Error ? error.message : error)
  }
  const worker = setupWorker(...backend.handlers)
  await worker.start({
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    onUnhandledRequest: 'bypass',
    quiet: true,
  })
  window.mockBackend = createConsoleApi(backend, localStorage)
}
