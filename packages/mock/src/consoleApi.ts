/** window.mockBackend: the mock backend at a person's fingertips (DevTools console) and for browser tests. */
import type { MockBackend } from './backend.js'
import { SETTINGS_STORAGE_KEY, parseSettingsOverride, type MockSettings } from './config.js'
import { normalizeFault, type MockFault } from './faults.js'

/** `window.mockBackend` ({@link startMockWorker}): the backend, plus settings kept across page loads and a help text. */
export interface MockConsoleApi extends MockBackend {
  /** Changes settings now and keeps them for the next page loads (localStorage). */
  configure(settings: Partial<MockSettings>): MockSettings
  /** Prints how to use this object. */
  help(): void
}

declare global {
  interface Window {
    mockBackend?: MockConsoleApi
  }
}

const HELP = `mockBackend — the mock API (MSW) behind this page. State is shared by all tabs (localStorage).
  mockBackend.failNext(500)                          next API request: HTML 500
  mockBackend.failNext({ kind: 'network', count: 3 }) next 3 requests: connection dropped
  mockBackend.failNext({ kind: 403, pathContains: '/orders/' })
  mockBackend.failNext({ kind: 'lost-answer', pathContains: '/token/refresh/' })
      the server acts and saves (the token rotates), then the connection drops
      kinds: 401 (token refused), 403, 404, 500, 'network', 'slow' (delayMs, default 20000), 'lost-answer'
  mockBackend.clearFaults()
  mockBackend.calls                                  [{ method, path, query, status, at }]
  mockBackend.clearCalls()
  mockBackend.settings                               { accessSeconds, refreshSeconds, rotate, graceSeconds, sessionMaxSeconds, latencyMs }
  mockBackend.configure({ accessSeconds: 10, rotate: true })   applies now and after reloads
  mockBackend.snapshot().sessions                    the sessions the server keeps (ended ones with their endReason)
  mockBackend.reset()                                seed data again, new signing key (you will be logged out)
  URL: ?mock-fail=500&mock-fail-count=2&mock-fail-path=/orders/`

export function createConsoleApi(backend: MockBackend, storage: Storage): MockConsoleApi {
  const api = Object.create(backend) as MockConsoleApi
  api.configure = (changes) => {
    const accepted = parseSettingsOverride(JSON.stringify(changes))
    Object.assign(backend.settings, accepted)
    const kept = parseSettingsOverride(storage.getItem(SETTINGS_STORAGE_KEY))
    storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ ...kept, ...accepted }))
    return { ...backend.settings }
  }
  api.help = () => console.info(HELP)
  return api
}

/** ?mock-fail=<kind>[&mock-fail-count=N][&mock-fail-path=text]: a fault armed at page load (mock-fail-times = count). */
export function faultFromQuery(search: string): MockFault | undefined {
  const params = new URLSearchParams(search)
  const kind = params.get('mock-fail')
  if (!kind) return undefined
  const count = params.get('mock-fail-count') ?? params.get('mock-fail-times')
  const fault = {
    kind: /^\d+$/.test(kind) ? Number(kind) : kind,
    ...(count ? { count: Number(count) } : {}),
    ...(params.get('mock-fail-path') ? { pathContains: params.get('mock-fail-path') as string } : {}),
  } as MockFault
  normalizeFault(fault) // throws a readable message for a typo
  return fault
}
