/**
 * The session core when the server revokes tokens: device A (two tabs sharing storage) and device B (its own
 * storage), both logged in as demo against one mock backend. A password change in A must leave A's tabs working
 * and end B's session once; "log out everywhere" must end them all without a blacklist call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getResponse, http as mswHttp } from 'msw'
import { setupServer } from 'msw/node'
import { createMockBackend, type MockBackend } from '@django-jwt/mock'
import { SessionExpiredError } from '@django-jwt/session'
import { createTestClient, type TestClient } from '../../support/session-client'
import { createFakeLocks, createManualTime, createSharedStorage, type ManualTime } from '../../support/tabs'

const server = setupServer()
let time: ManualTime
let backend: MockBackend

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

/** A browser: tabs sharing localStorage and Web Locks. */
function device(tabs: number): TestClient[] {
  const storage = createSharedStorage()
  const locks = createFakeLocks()
  return Array.from({ length: tabs }, () => createTestClient({ time, tab: storage.tab(), locks }))
}

const calls = (since: number) => backend.calls.slice(since).map((call) => `${call.method} ${call.path} ${call.status}`)

/** Refresh answers are decided by the server at once but held on the way back until the returned function is called. */
function holdRefreshAnswers(): () => void {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  server.use(
    mswHttp.post('*/api/token/refresh/', async ({ request }) => {
      const answer = await getResponse(backend.handlers, request)
      await gate
      return answer
    }),
  )
  return release
}

describe.each([
  ['rotation off', false],
  ['rotation on', true],
])('revocation with %s', (_name, rotate) => {
  let tabA1: TestClient
  let tabA2: TestClient
  let deviceB: TestClient

  beforeEach(async () => {
    time = createManualTime()
    backend = createMockBackend({ now: () => time.now(), latencyMs: 0, rotate })
    server.resetHandlers(...backend.handlers)
    ;[tabA1, tabA2] = device(2) as [TestClient, TestClient]
    ;[deviceB] = device(1) as [TestClient]
    await tabA1.login()
    await deviceB.login()
  })

  it('a password change in A: both of A’s tabs go on with the new pair; B’s next request ends its session once', async () => {
    const { data } = await tabA1.http.post('/me/password/', { old_password: 'demo123', new_password: 'kettle-violet-42' })
    tabA1.session.establish(data)
    expect(tabA2.session.current()?.access).toBe(data.access)
    await expect(tabA2.http.get('/orders/1/')).resolves.toMatchObject({ status: 200 })
    await expect(tabA1.http.get('/me/')).resolves.toMatchObject({ status: 200 })

    const since = backend.calls.length
    const results = await Promise.allSettled([deviceB.http.get('/orders/'), deviceB.http.get('/me/')])
    expect(results.map((result) => result.status === 'rejected' && result.reason instanceof SessionExpiredError)).toEqual([true, true])
    expect(deviceB.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'refresh-rejected' }])
    expect(deviceB.session.current()).toBeNull()
    // Each request refused once, one refresh refused, nothing replayed, no toast of its own (the expiry has one).
    expect(calls(since).sort()).toEqual(['GET /api/me/ 401', 'GET /api/orders/ 401', 'POST /api/token/refresh/ 401'])
    expect(deviceB.notices).toEqual([])
    // A is still fine.
    await expect(tabA2.http.get('/me/')).resolves.toMatchObject({ data: { username: 'demo' } })
  })

  it('B finds out from its proactive refresh too, once, without a request of its own', async () => {
    const { data } = await tabA1.http.post('/me/password/', { old_password: 'demo123', new_password: 'kettle-violet-42' })
    tabA1.session.establish(data)
    const since = backend.calls.length
    await expect(deviceB.session.refresh()).rejects.toBeInstanceOf(SessionExpiredError)
    expect(calls(since)).toEqual(['POST /api/token/refresh/ 401'])
    expect(deviceB.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'refresh-rejected' }])
    expect(deviceB.session.current()).toBeNull()
  })

  it('log out everywhere from B: no blacklist call; B’s session ends; A’s tabs end at their next request, once', async () => {
    const since = backend.calls.length
    await deviceB.http.post('/me/logout-all/')
    await deviceB.session.logout({ blacklist: false })
    expect(deviceB.events.at(-1)).toEqual({ type: 'logout' })
    expect(calls(since)).toEqual(['POST /api/me/logout-all/ 204'])

    await expect(tabA2.http.get('/orders/')).rejects.toBeInstanceOf(SessionExpiredError)
    expect(tabA2.events.filter((event) => event.type === 'expired')).toHaveLength(1)
    // The other tab of A learns it through storage, as a remote logout: no second expiry, no request.
    expect(tabA1.session.current()).toBeNull()
    expect(tabA1.events.at(-1)).toEqual({ type: 'remote-logout' })
    expect(tabA1.events.filter((event) => event.type === 'expired')).toHaveLength(0)
  })

  it('a refresh in A’s other tab that the server answered before the change but that lands after it: the new pair stays', async () => {
    const release = holdRefreshAnswers()
    const refreshing = tabA2.session.refresh() // "Refresh now" in the second tab: spent on the server, answer on its way
    await vi.waitFor(() => expect(backend.calls.at(-1)?.path).toBe('/api/token/refresh/'))
    const { data } = await tabA1.http.post('/me/password/', { old_password: 'demo123', new_password: 'kettle-violet-42' })
    tabA1.session.establish(data)
    release()
    await expect(refreshing).resolves.toBe(data.access)
    for (const tab of [tabA1, tabA2]) expect(tab.session.current()?.access).toBe(data.access)
    await expect(tabA1.http.get('/me/')).resolves.toMatchObject({ status: 200 })
    await expect(tabA2.http.get('/orders/1/')).resolves.toMatchObject({ status: 200 })
    expect([...tabA1.events, ...tabA2.events].filter((event) => event.type === 'expired')).toEqual([])
  })

  it('a refresh that lands after a logout does not bring the session back', async () => {
    const release = holdRefreshAnswers()
    const refreshing = tabA1.session.refresh()
    await vi.waitFor(() => expect(backend.calls.at(-1)?.path).toBe('/api/token/refresh/'))
    await tabA1.session.logout()
    release()
    await expect(refreshing).rejects.toBeInstanceOf(SessionExpiredError)
    for (const tab of [tabA1, tabA2]) expect(tab.session.current()).toBeNull()
  })
})
