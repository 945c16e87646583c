import type { AxiosInstance } from 'axios'
import { createServerClock, type ServerClock } from '@/auth/clock'
import { createLockRunner, type LockManagerLike } from '@/auth/lock'
import { createSession, type Session, type SessionDeps, type SessionEvent } from '@/auth/session'
import { createTokenStore, type TokenStore } from '@/auth/storage'
import type { ForbiddenMeans } from '@/config'
import { createHttpClient } from '@/http/axios-client'
import type { Notice } from '@/http/policy'
import { installSessionInterceptors } from '@/http/session-interceptors'
import type { ManualTime, SimulatedTab } from './tabs'

export interface TestClient {
  http: AxiosInstance
  session: Session
  clock: ServerClock
  /** Toasts the app would show. */
  notices: Notice[]
  /** Session events (`expired` drives the one toast and the one redirect). */
  events: SessionEvent[]
  /** How often a 401 without a session asked for the login page. */
  loginRequests: number
  login(username?: string, password?: string): Promise<void>
}

export interface TestClientOptions {
  time: ManualTime
  tab: SimulatedTab
  locks?: LockManagerLike
  /** How far this client's clock is ahead of the server's (ms). */
  skewMs?: number
  forbiddenMeans?: ForbiddenMeans
  /** Where the tokens live (default: the tab's localStorage). */
  store?: TokenStore
  vetoUse?: SessionDeps['vetoUse']
}

/** One browser tab's worth of the app's session machinery, over its own axios instance. */
export function createTestClient(options: TestClientOptions): TestClient {
  const { time, tab } = options
  const clock = createServerClock(() => time.now() + (options.skewMs ?? 0))
  const http = createHttpClient({ baseURL: '/api' })
  const session = createSession({
    store: options.store ?? createTokenStore({ storage: tab.storage, now: clock.now, events: tab.events as unknown as Window }),
    clock,
    vetoUse: options.vetoUse,
    withLock: createLockRunner(options.locks, tab.storage),
    requestRefresh: async (refresh) =>
      (await http.post('/token/refresh/', { refresh }, { skipAuth: true, skipErrorToast: true })).data,
    requestBlacklist: async (refresh) => {
      await http.post('/token/blacklist/', { refresh }, { skipAuth: true, skipErrorToast: true, timeout: 3000 })
    },
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
  })
  const client: TestClient = {
    http,
    session,
    clock,
    notices: [],
    events: [],
    loginRequests: 0,
    async login(username = 'demo', password = 'demo123') {
      const { data } = await http.post('/token/', { username, password }, { skipAuth: true, skipErrorToast: true })
      session.establish(data)
    },
  }
  installSessionInterceptors(http, {
    session,
    clock,
    headerPrefix: 'JWT',
    forbiddenMeans: options.forbiddenMeans ?? 'session-expired',
    notify: (notice) => client.notices.push(notice),
    requireLogin: () => {
      client.loginRequests += 1
    },
  })
  session.on((event) => client.events.push(event))
  session.start()
  return client
}
