import type { AxiosInstance } from 'axios'
import { createServerClock, type ServerClock } from '@packages/session/clock'
import type { Dialect, TokenPost } from '@packages/session/dialect'
import { createSimplejwtDialect } from '@packages/session/dialects/simplejwt'
import { createLockRunner, type LockManagerLike } from '@packages/session/lock'
import { createSession, type Session, type SessionDeps, type SessionEvent } from '@packages/session/session'
import { createTokenStore, type TokenStore } from '@packages/session/storage'
import type { ForbiddenMeans } from '@/config'
import { createApiClient } from '@packages/axios/client'
import type { Notice } from '@django-jwt/axios'
import { installSessionInterceptors, tokenPost } from '@django-jwt/axios'
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
  /** The server's dialect, built over this tab's axios instance (default: simplejwt pairs). */
  dialect?: (post: TokenPost) => Dialect
}

/** One browser tab's worth of the app's session machinery, over its own axios instance. */
export function createTestClient(options: TestClientOptions): TestClient {
  const { time, tab } = options
  const clock = createServerClock(() => time.now() + (options.skewMs ?? 0))
  const http = createApiClient({ baseURL: '/api' })
  const post: TokenPost = tokenPost(http)
  const dialect = (options.dialect ?? ((tokenPost) => createSimplejwtDialect({ post: tokenPost })))(post)
  const session = createSession({
    store: options.store ?? createTokenStore({ storage: tab.storage, now: clock.now, events: tab.events as unknown as Window, dialect }),
    clock,
    vetoUse: options.vetoUse,
    withLock: createLockRunner(options.locks, tab.storage),
    dialect,
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
      session.establish(await dialect.obtain({ username, password }))
    },
  }
  installSessionInterceptors(http, {
    session,
    clock,
    headerPrefix: dialect.headerPrefix,
    forbiddenMeans: options.forbiddenMeans ?? 'session-expired',
    onErrorNotice: (notice) => client.notices.push(notice),
    onLoginRequired: () => {
      client.loginRequests += 1
    },
  })
  session.on((event) => client.events.push(event))
  session.start()
  return client
}
