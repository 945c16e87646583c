// A consumer without Vue: the session core and the axios binding on node, against the packaged mock (msw/node).
// Each step is asserted; any failure exits non-zero.
import assert from 'node:assert/strict'
import { setupServer } from 'msw/node'
import { createMockBackend } from '@django-jwt/mock'
import {
  ApiError,
  createServerClock,
  createSession,
  createSimplejwtDialect,
  InvalidCredentialsError,
  type StoredSession,
  type TokenPost,
  type TokenStore,
} from '@django-jwt/session'
import { createApiClient, installSessionInterceptors } from '@django-jwt/axios'

const ACCESS_SECONDS = 60
const PARALLEL = 5

const backend = createMockBackend({ dialect: 'simplejwt', accessSeconds: ACCESS_SECONDS })
const server = setupServer(...backend.handlers)
server.listen({ onUnhandledRequest: 'error' })

// --- the quick start on node -------------------------------------------------------------------------------------
const api = createApiClient({ baseURL: 'http://api.example.test/api' })

const post: TokenPost = async (path, body, options = {}) =>
  (await api.post(path, options.form ? new URLSearchParams(body) : body, { timeout: options.timeout, skipAuth: true })).data

/** The tokens in this process's memory: no tabs to share them with. */
function memoryTokenStore(): TokenStore {
  let stored: StoredSession | null = null
  return {
    read: () => stored,
    write: (session) => void (stored = session),
    clear: () => void (stored = null),
    subscribeToOtherTabs: () => () => {},
  }
}

const dialect = createSimplejwtDialect({ post })
const clock = createServerClock()
const session = createSession({
  dialect,
  clock,
  store: memoryTokenStore(),
  // One process, one refresh at a time: the core's own single flight is enough, no cross-tab lock.
  withLock: (_name, task) => task(),
})
session.start()

let loginRequired = 0
installSessionInterceptors(api, {
  session,
  clock,
  headerPrefix: dialect.headerPrefix,
  onLoginRequired: () => void loginRequired++,
})
// ------------------------------------------------------------------------------------------------------------------

const callsTo = (path: string) => backend.calls.filter((call) => call.path === `/api${path}`)
const step = (name: string) => console.log(`  ok ${name}`)

try {
  await assert.rejects(dialect.obtain({ username: 'demo', password: 'wrong' }), InvalidCredentialsError)
  step('a wrong password is InvalidCredentialsError')

  session.establish(await dialect.obtain({ username: 'demo', password: 'demo123' }))
  assert.equal(session.isLoggedIn(), true)
  const firstRefresh = session.current()?.refresh
  step('log in as demo')

  const me = await api.get<{ id: number; username: string }>('/me/')
  assert.equal(me.data.username, 'demo')
  assert.equal(me.config.headers.get('Authorization'), `JWT ${session.current()?.access}`)
  step('an authenticated request (GET /me/ as demo)')

  // The server's clock passes the access token's exp: the client's copy still looks valid, so every request
  // carries it and gets 401; one refresh (rotation) must serve them all, each replayed once.
  const staleAccess = session.current()?.access
  backend.setNow(() => Date.now() + (ACCESS_SECONDS + 5) * 1000)
  const refreshesBefore = callsTo('/token/refresh/').length
  const ordersBefore = callsTo('/orders/').length
  const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, page) => api.get<{ count: number }>(`/orders/?n=${page}`)))
  assert.equal(answers.length, PARALLEL)
  for (const answer of answers) assert.equal(answer.status, 200)
  assert.equal(callsTo('/token/refresh/').length - refreshesBefore, 1, 'one refresh for all the 401s')
  const orderStatuses = callsTo('/orders/').slice(ordersBefore).map((call) => call.status)
  assert.deepEqual(orderStatuses.filter((status) => status === 401).length, PARALLEL, `each request first refused: ${orderStatuses}`)
  assert.deepEqual(orderStatuses.filter((status) => status === 200).length, PARALLEL, `each replayed once: ${orderStatuses}`)
  assert.notEqual(session.current()?.access, staleAccess)
  assert.notEqual(session.current()?.refresh, firstRefresh, 'rotated')
  step(`an expired access token: ${PARALLEL} parallel 401s, 1 refresh, ${PARALLEL} replays`)

  const spentRefresh = session.current()?.refresh
  await session.logout()
  assert.equal(session.current(), null)
  assert.equal(callsTo('/token/blacklist/').at(-1)?.status, 200)
  await assert.rejects(api.post('/token/refresh/', { refresh: spentRefresh }, { skipAuth: true }), (error: unknown) => {
    assert.ok(error instanceof ApiError)
    assert.equal(error.status, 401)
    assert.equal(error.code, 'token_not_valid')
    return true
  })
  step('log out: the refresh token is blacklisted on the server')

  await assert.rejects(api.get('/me/'), (error: unknown) => error instanceof ApiError && error.status === 401)
  assert.equal(loginRequired, 1)
  step('after logout a request carries no token: 401, onLoginRequired')
} finally {
  session.stop()
  server.close()
}
console.log('node consumer: all steps passed')
