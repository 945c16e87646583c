/**
 * The mock backend: a Django JWT server (simplejwt pairs or sliding tokens, or djangorestframework-jwt: settings.dialect)
 * + the orders API as MSW handlers.
 * One set of handlers serves the browser worker and msw/node; state lives in a MockStorage.
 */
import { delay, http, type RequestHandler } from 'msw'
import { DEFAULT_MOCK_SETTINGS, type MockSettings } from './config.js'
import { MAX_CALLS, createMemoryStorage, seedState, type CallRecord, type MockState, type MockStorage } from './db.js'
import { dispatch, type DispatchResult } from './dispatch.js'
import { faultResponse, normalizeFault, takeFault, type FaultInput, type FaultKind, type MockFault } from './faults.js'
import { statusOf, toHttpResponse } from './httpResponse.js'
import type { RequestCookieJar } from './browserCookieJar.js'
import { LANGUAGE_COOKIE_NAME, cookieFromHeader, languageFromRequest } from './languageNegotiation.js'
import { signToken, type SignTokenOptions, type TokenPayload } from './jwt.js'
import { HTML_SERVER_ERROR } from './responses.js'
import { stackOf, type ServerStack } from './stack.js'
import { isCookieMode } from './refreshCookie.js'
import { startSession } from './sessions.js'
import type { IssuedPair } from './tokens.js'

export type { MockSettings } from './config.js'
export type { CallRecord, FaultKind, MockState, MockStorage }
export type { FaultInput, MockFault }

/** What {@link createMockBackend} takes: any {@link MockSettings} (the rest are the defaults), and where and when it runs. */
export type CreateMockBackendOptions = Partial<MockSettings> & {
  /**
   * The API's base URL as the app calls it: a path ("/api", the default) or an absolute URL whose path is taken. The
   * handlers answer every request under that path, on any origin, and let every other request through.
   */
  apiBase?: string
  /** The server's clock in epoch ms (default Date.now): iat/exp, expiry checks, the Date header. */
  now?: () => number
  /** Where the database lives (default: in memory, fresh). */
  storage?: MockStorage
  /**
   * The User-Agent of a request that carries none (default ""). The browser worker gives navigator.userAgent: a
   * page's requests reach MSW without that header, and a session's device label is made from it.
   */
  userAgent?: string
}

/** A mock Django server: its MSW handlers, its live settings, its clock, its database and its faults. */
export interface MockBackend {
  /** The MSW handlers: one catch-all for every path under the API base, on any origin. */
  readonly handlers: RequestHandler[]
  /** Live settings: change them and the next request follows. */
  readonly settings: MockSettings
  /** The server clock, epoch ms. */
  now(): number
  /** Replaces the server's clock (epoch ms), e.g. with a test's fake time: expiries follow it. */
  setNow(now: () => number): void
  /** A brand-new database: seed orders, empty blacklist, call log and faults, a new signing key (old tokens die). */
  reset(): void
  /** Every API request answered, oldest first (capped at MAX_CALLS). */
  readonly calls: readonly CallRecord[]
  /** Forgets the recorded calls. */
  clearCalls(): void
  /**
   * Makes the next request(s) fail: `failNext(500)`, `failNext('network')`, `failNext({ kind: 'slow', count: 2, pathContains: '/orders/' })`,
   * `failNext({ kind: 'lost-answer', pathContains: '/token/refresh/' })` (processed and saved, then the connection drops).
   */
  failNext(fault: FaultInput): void
  /** Cancels the faults still pending. */
  clearFaults(): void
  /**
   * Valid tokens for a user, as POST /token/ would give (a new session, no User-Agent), without HTTP. In cookie mode
   * the refresh token is the cookie's value (a session not remembered) and the access token carries `refresh_exp`.
   */
  issueTokens(userId: number): Promise<IssuedPair>
  /** Signs any payload with the server's key (or opts.secret / alg 'none'), to craft expired, forged or odd tokens. */
  signToken(payload: TokenPayload, options?: SignTokenOptions): Promise<string>
  /** A copy of the database, to inspect orders, sessions or the blacklist. */
  snapshot(): MockState
}

function apiBasePath(apiBaseUrl: string): string {
  return new URL(apiBaseUrl || '/', 'http://mock.invalid').pathname.replace(/\/+$/, '')
}

function settingsFrom(options: CreateMockBackendOptions): MockSettings {
  const defaults = DEFAULT_MOCK_SETTINGS
  return {
    dialect: options.dialect ?? defaults.dialect,
    accessSeconds: options.accessSeconds ?? defaults.accessSeconds,
    refreshSeconds: options.refreshSeconds ?? defaults.refreshSeconds,
    rotate: options.rotate ?? defaults.rotate,
    graceSeconds: options.graceSeconds ?? defaults.graceSeconds,
    sessionMaxSeconds: options.sessionMaxSeconds ?? defaults.sessionMaxSeconds,
    latencyMs: options.latencyMs ?? defaults.latencyMs,
    loginFailureLimit: options.loginFailureLimit ?? defaults.loginFailureLimit,
    addressFailureLimit: options.addressFailureLimit ?? defaults.addressFailureLimit,
    loginCooloffSeconds: options.loginCooloffSeconds ?? defaults.loginCooloffSeconds,
    loginCooloffMaxSeconds: options.loginCooloffMaxSeconds ?? defaults.loginCooloffMaxSeconds,
    loginForgetSeconds: options.loginForgetSeconds ?? defaults.loginForgetSeconds,
    trustedProxies: [...(options.trustedProxies ?? defaults.trustedProxies)],
    remoteAddress: options.remoteAddress ?? defaults.remoteAddress,
    refreshTransport: options.refreshTransport ?? defaults.refreshTransport,
    csrfTrustedOrigins: [...(options.csrfTrustedOrigins ?? defaults.csrfTrustedOrigins)],
  }
}

/**
 * Creates a mock Django server: a fresh database (the users {@link MOCK_USERS} with their seeded orders) in memory
 * unless `options.storage` says otherwise, and the settings given over {@link DEFAULT_MOCK_SETTINGS}.
 *
 * @example msw/node in vitest
 * ```ts
 * import { setupServer } from 'msw/node'
 * import { createMockBackend } from '@django-jwt/mock'
 *
 * const backend = createMockBackend({ dialect: 'simplejwt', accessSeconds: 60 })
 * const server = setupServer(...backend.handlers)
 * beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
 * afterAll(() => server.close())
 * ```
 */
export function createMockBackend(options: CreateMockBackendOptions = {}): MockBackend {
  return createMockBackendWith(options)
}

/**
 * {@link createMockBackend} with, in a browser, the tabs' shared cookie jar (browserCookieJar.ts) in place of MSW's
 * per-tab one for the names it holds. Internal: not exported from the package.
 */
export function createMockBackendWith(options: CreateMockBackendOptions = {}, jar?: RequestCookieJar): MockBackend {
  const storage = options.storage ?? createMemoryStorage()
  const settings = settingsFrom(options)
  let clock: () => number = options.now ?? (() => Date.now())
  const basePath = apiBasePath(options.apiBase ?? '/api')

  function loadOrSeed(): MockState {
    const state = storage.load()
    if (state) return state
    const fresh = seedState(clock())
    storage.save(fresh)
    return fresh
  }

  function edit(change: (state: MockState) => void): void {
    const state = loadOrSeed()
    change(state)
    storage.save(state)
  }

  function isApiPath(pathname: string): boolean {
    return pathname === basePath || pathname.startsWith(`${basePath}/`)
  }

  /**
   * LocaleMiddleware.process_request. The Cookie header is parsed as Django does (last one wins); in the
   * browser a page's fetch has no Cookie header, and MSW hands over document.cookie instead.
   */
  function requestLanguage(request: Request, cookies: Record<string, string>, stack: ServerStack): string {
    const header = request.headers.get('cookie')
    const cookie = header === null ? cookies[LANGUAGE_COOKIE_NAME] : cookieFromHeader(header, LANGUAGE_COOKIE_NAME)
    return languageFromRequest({ acceptLanguage: request.headers.get('accept-language'), cookie }, stack.negotiation)
  }

  async function answer(request: Request, cookies: Record<string, string>): Promise<Response> {
    const url = new URL(request.url)
    // The real server this dialect runs on (settings.dialect can change between requests).
    const stack = stackOf(settings.dialect)
    const language = requestLanguage(request, cookies, stack)
    const fault = await storage.exclusive(async () => {
      const state = loadOrSeed()
      const taken = takeFault(state, url.pathname)
      if (taken) storage.save(state)
      return taken
    })
    if (fault?.kind === 'slow') await delay(fault.delayMs)
    const response = await storage.exclusive(async () => {
      let state = loadOrSeed()
      const nowMs = clock()
      // The tabs' shared jar answers for its cookies; MSW's per-tab copies of them are never used.
      if (jar) cookies = { ...Object.fromEntries(Object.entries(cookies).filter(([name]) => !jar.names.includes(name))), ...jar.cookies(nowMs) }
      let result: DispatchResult
      if (fault && fault.kind !== 'slow' && fault.kind !== 'lost-answer') {
        result = { response: faultResponse(fault.kind, settings.dialect) }
      } else {
        try {
          const userAgent = request.headers.get('user-agent') ?? options.userAgent ?? ''
          result = await dispatch({ request, url, apiPath: url.pathname.slice(basePath.length), state, settings, stack, nowMs, userAgent, cookies })
        } catch (error) {
          // A bug in the mock (the project's server answers every input with a 4xx: docs/contract-notes.md): answer
          // Django's 500 and keep the database as it was.
          console.error('[mock-backend] the handler failed:', error)
          result = { response: HTML_SERVER_ERROR }
          state = loadOrSeed()
        }
      }
      const lost = fault?.kind === 'lost-answer'
      const call: CallRecord = { method: request.method.toUpperCase(), path: url.pathname, query: url.search, status: statusOf(result), at: nowMs }
      state.calls.push(lost ? { ...call, lost } : call)
      if (state.calls.length > MAX_CALLS) state.calls.splice(0, state.calls.length - MAX_CALLS)
      storage.save(state)
      // A lost answer: the server acted and saved; the client sees the connection drop.
      const sent: DispatchResult = lost ? { response: { kind: 'network-error' } } : result
      // The browser keeps what the answer's Set-Cookie says, in the same turn of the lock as the database.
      const setCookie = sent.response.kind === 'json' || sent.response.kind === 'empty' ? sent.response.headers?.['Set-Cookie'] : undefined
      if (jar && setCookie !== undefined) jar.store([setCookie], nowMs)
      return toHttpResponse(sent, request.method, nowMs, language, stack)
    })
    // The network's delay comes after the answer is decided: this "server" runs in a tab whose timers
    // the browser throttles in the background, and a real server's clock doesn't wait for that.
    if (settings.latencyMs > 0) await delay(Math.round(settings.latencyMs * (0.5 + Math.random())))
    return response
  }

  loadOrSeed()

  return {
    handlers: [
      http.all(
        ({ request }) => isApiPath(new URL(request.url).pathname),
        ({ request, cookies }) => answer(request, cookies),
      ),
    ],
    settings,
    now: () => clock(),
    setNow(now) {
      clock = now
    },
    reset() {
      storage.save(seedState(clock()))
    },
    get calls() {
      return loadOrSeed().calls
    },
    clearCalls() {
      edit((state) => {
        state.calls = []
      })
    },
    failNext(fault) {
      const pending = normalizeFault(fault)
      edit((state) => {
        state.faults.push(pending)
      })
    },
    clearFaults() {
      edit((state) => {
        state.faults = []
      })
    },
    issueTokens: (userId) =>
      storage.exclusive(async () => {
        const state = loadOrSeed()
        const user = state.users.find((candidate) => candidate.id === userId)
        if (!user) throw new Error(`no user ${userId}`)
        const issue = isCookieMode(settings) ? { remember: false, refreshExpClaim: true } : {}
        const pair = await startSession(state, settings, user, options.userAgent ?? '', clock(), issue)
        storage.save(state)
        return pair
      }),
    signToken: (payload, signOptions) => signToken(payload, loadOrSeed().secret, signOptions),
    snapshot: () => structuredClone(loadOrSeed()),
  }
}
