import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { http as mswHttp, HttpResponse } from 'msw'
import { createMockBackend, type MockBackend } from '@django-jwt/mock'
import { ApiError, SessionExpiredError } from '@django-jwt/session'
import { SESSION_STORAGE_KEY } from '@packages/session/storage'
import { createTestClient } from '../../support/session-client'
import { createFakeLocks, createManualTime, createSharedStorage, type ManualTime } from '../../support/tabs'

const ACCESS_SECONDS = 300
const server = setupServer()
let time: ManualTime
let backend: MockBackend

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  time = createManualTime()
  backend = createMockBackend({ now: () => time.now(), accessSeconds: ACCESS_SECONDS, latencyMs: 0, rotate: false })
  server.resetHandlers(...backend.handlers)
})

const callsTo = (suffix: string) => backend.calls.filter((call) => call.path.endsWith(suffix))
const refreshCalls = () => callsTo('/token/refresh/').length
const unauthorized = () => backend.calls.filter((call) => call.status === 401).length

function newClient(options: Partial<Parameters<typeof createTestClient>[0]> = {}) {
  return createTestClient({ time, tab: createSharedStorage().tab(), locks: createFakeLocks(), ...options })
}

function parallelOrders(client: ReturnType<typeof newClient>, count = 20) {
  return Promise.allSettled(Array.from({ length: count }, (_, i) => client.http.get(`/orders/${(i % 25) + 1}/`)))
}

describe('reactive refresh: one refresh for any number of 401s', () => {
  it('20 parallel requests with an expired access token make exactly one refresh call and all succeed', async () => {
    const client = newClient()
    await client.login()
    time.advance((ACCESS_SECONDS + 5) * 1000)
    const results = await parallelOrders(client)
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true)
    expect(refreshCalls()).toBe(1)
    expect(unauthorized()).toBe(0) // the client saw the expiry coming: no request left with a stale token
  })

  it('20 parallel requests the server refuses (its clock ran ahead) share one refresh and are each replayed once', async () => {
    const client = newClient()
    await client.login()
    backend.setNow(() => time.now() + (ACCESS_SECONDS + 5) * 1000) // the server says expired; the client can't know
    const results = await parallelOrders(client)
    expect(results.map((result) => result.status)).toEqual(Array(20).fill('fulfilled'))
    expect(refreshCalls()).toBe(1)
    expect(unauthorized()).toBe(20)
    expect(callsTo('/orders/1/').length).toBe(2) // sent once, replayed once
  })

  it('when the refresh is refused, all 20 reject with SessionExpiredError: one expiry, no toast, tokens cleared', async () => {
    const tab = createSharedStorage().tab()
    const client = newClient({ tab })
    await client.login()
    backend.reset() // a new signing key: the server refuses both tokens as invalid
    backend.setNow(() => time.now() + (ACCESS_SECONDS + 5) * 1000)
    const results = await parallelOrders(client)
    for (const result of results) {
      expect(result.status).toBe('rejected')
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(SessionExpiredError)
    }
    expect(refreshCalls()).toBe(1)
    expect(client.events.filter((event) => event.type === 'expired')).toHaveLength(1)
    expect(client.notices).toEqual([]) // the expiry's own toast is the app's, shown once
    expect(tab.storage.getItem(SESSION_STORAGE_KEY)).toBeNull()
    expect(client.session.isLoggedIn()).toBe(false)
  })

  it('a request refused again after the replay ends the session instead of looping', async () => {
    const client = newClient()
    await client.login()
    server.use(mswHttp.get('*/api/me/', () => HttpResponse.json({ detail: 'Given token not valid for any token type' }, { status: 401 })))
    await expect(client.http.get('/me/')).rejects.toBeInstanceOf(SessionExpiredError)
    expect(refreshCalls()).toBe(1)
    expect(callsTo('/token/refresh/').length).toBe(1)
    expect(client.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'rejected-after-refresh' }])
  })

  it('token endpoints never trigger a refresh, whatever they answer', async () => {
    const client = newClient()
    await client.login()
    await expect(client.http.post('/token/verify/', { token: 'garbage' }, { skipAuth: true })).rejects.toMatchObject({ status: 401 })
    await expect(client.http.post('/token/', { username: 'demo', password: 'wrong' }, { skipAuth: true })).rejects.toMatchObject({ status: 401 })
    expect(refreshCalls()).toBe(0)
    expect(client.session.isLoggedIn()).toBe(true)
  })
})

describe('proactive refresh', () => {
  it('refreshes in the background before expiry, about once per lifetime, and never lets a 401 through', async () => {
    const client = newClient()
    await client.login()
    for (let second = 0; second < ACCESS_SECONDS * 4; second += 15) {
      time.advance(15_000)
      const before = refreshCalls()
      await client.http.get('/orders/')
      expect(refreshCalls() - before).toBeLessThanOrEqual(1)
    }
    expect(unauthorized()).toBe(0)
    expect(refreshCalls()).toBeGreaterThanOrEqual(4)
    expect(refreshCalls()).toBeLessThanOrEqual(5)
  })

  it('the timer refreshes an idle session before its access token expires', async () => {
    const client = newClient()
    await client.login()
    const first = client.session.current()?.access
    time.advance((ACCESS_SECONDS - 31) * 1000)
    expect(refreshCalls()).toBe(0)
    time.advance(2000) // past the 10 % margin (30 s of 300 s)
    await expect.poll(refreshCalls).toBe(1)
    await expect.poll(() => client.session.current()?.access).not.toBe(first)
  })

  it.each([
    ['10 minutes fast', 10 * 60_000],
    ['10 minutes slow', -10 * 60_000],
  ])('a client clock %s still refreshes on the server’s schedule', async (_label, skewMs) => {
    const client = newClient({ skewMs })
    await client.login()
    await client.http.get('/me/') // more Date headers to learn the offset from
    expect(Math.abs(client.clock.offsetMs() + skewMs)).toBeLessThanOrEqual(1000)
    expect(client.session.isLoggedIn()).toBe(true)
    for (let second = 0; second < ACCESS_SECONDS * 3; second += 10) {
      time.advance(10_000)
      await client.http.get('/orders/')
    }
    expect(unauthorized()).toBe(0)
    expect(refreshCalls()).toBeGreaterThanOrEqual(3)
    expect(refreshCalls()).toBeLessThanOrEqual(4)
  })

  it('an expired refresh token ends the session once, without spending it on a refresh call', async () => {
    backend.settings.refreshSeconds = 600
    const client = newClient()
    await client.login()
    backend.settings.refreshSeconds = 86_400
    for (let second = 0; second < 590; second += 10) {
      time.advance(10_000)
      await client.http.get('/orders/')
    }
    const refreshesWhileValid = refreshCalls()
    expect(refreshesWhileValid).toBeGreaterThanOrEqual(2)
    time.advance(11_000) // the refresh token expires now
    expect(client.session.isLoggedIn()).toBe(false)
    await expect.poll(() => client.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'refresh-expired' }])
    expect(client.session.current()).toBeNull()
    expect(refreshCalls()).toBe(refreshesWhileValid)
    expect(unauthorized()).toBe(0)
  })
})

describe('across tabs', () => {
  function twoTabs() {
    const shared = createSharedStorage()
    const locks = createFakeLocks()
    const tabA = createTestClient({ time, tab: shared.tab(), locks })
    const tabB = createTestClient({ time, tab: shared.tab(), locks })
    return { tabA, tabB, shared, locks }
  }

  it('with rotation, two tabs needing a refresh at once make one refresh call and both stay logged in', async () => {
    backend.settings.rotate = true
    const { tabA, tabB } = twoTabs()
    await tabA.login()
    expect(tabB.session.isLoggedIn()).toBe(true) // followed the other tab's login
    time.advance((ACCESS_SECONDS + 1) * 1000)
    const results = await Promise.allSettled([...Array(10)].flatMap((_, i) => [tabA.http.get(`/orders/${i + 1}/`), tabB.http.get(`/orders/${i + 1}/`)]))
    expect(results.every((result) => result.status === 'fulfilled')).toBe(true)
    expect(refreshCalls()).toBe(1)
    expect(backend.calls.filter((call) => call.status === 401)).toEqual([])
    expect(tabA.session.current()?.refresh).toBe(tabB.session.current()?.refresh)
  })

  it('with rotation, both tabs’ timers firing together spend the refresh token once', async () => {
    backend.settings.rotate = true
    const { tabA, tabB } = twoTabs()
    await tabA.login()
    for (let lifetime = 0; lifetime < 5; lifetime += 1) {
      time.advance(ACCESS_SECONDS * 1000)
      await expect.poll(refreshCalls).toBe(lifetime + 1)
      await expect.poll(() => tabB.session.current()?.access).toBe(tabA.session.current()?.access)
    }
    await Promise.all([tabA.http.get('/me/'), tabB.http.get('/me/')])
    expect(unauthorized()).toBe(0)
  })

  it('a tab whose refresh token was rotated by another tab adopts the new tokens instead of logging out', async () => {
    backend.settings.rotate = true
    const shared = createSharedStorage()
    const locks = createFakeLocks()
    const tabA = createTestClient({ time, tab: shared.tab(), locks })
    // Tab B can't hear storage events (a browser that throttles them): it must re-read inside the lock.
    const deafTab = shared.tab()
    const tabB = createTestClient({ time, tab: { storage: deafTab.storage, events: new EventTarget() }, locks })
    await tabA.login()
    tabB.session.wake()
    time.advance((ACCESS_SECONDS + 1) * 1000)
    await tabA.http.get('/orders/')
    await tabB.http.get('/orders/')
    expect(refreshCalls()).toBe(1)
    expect(tabB.session.isLoggedIn()).toBe(true)
    expect(tabB.events.some((event) => event.type === 'expired')).toBe(false)
  })

  it.each([
    ['before the other tab gets the lock', 30, 1],
    ['only after the other tab spent the old token', 400, 2],
  ])('with rotation and localStorage reaching the other tab late (%s), both tabs stay logged in', async (_label, lagMs, refreshes) => {
    backend.settings.rotate = true
    const shared = createSharedStorage({ lagMs })
    const locks = createFakeLocks()
    const tabA = createTestClient({ time, tab: shared.tab(), locks })
    const tabB = createTestClient({ time, tab: shared.tab(), locks })
    await tabA.login()
    await expect.poll(() => tabB.session.isLoggedIn()).toBe(true)
    time.advance((ACCESS_SECONDS + 1) * 1000)
    const results = await Promise.allSettled([tabA.http.get('/orders/1/'), tabB.http.get('/orders/2/')])
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled'])
    expect(refreshCalls()).toBe(refreshes)
    expect(callsTo('/token/refresh/').filter((call) => call.status === 200)).toHaveLength(refreshes)
    expect([tabA, tabB].flatMap((tab) => tab.events).filter((event) => event.type === 'expired')).toEqual([])
  })

  it('a refresh token blacklisted with nobody sharing a new one ends the session after a short wait', async () => {
    const client = newClient()
    await client.login()
    await client.http.post('/token/blacklist/', { refresh: client.session.current()?.refresh }, { skipAuth: true })
    time.advance((ACCESS_SECONDS + 1) * 1000)
    await expect(client.http.get('/orders/')).rejects.toBeInstanceOf(SessionExpiredError)
    expect(client.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'refresh-rejected' }])
  })

  it('logging out in one tab logs out the other', async () => {
    const { tabA, tabB } = twoTabs()
    await tabA.login()
    await tabA.session.logout()
    expect(tabB.session.isLoggedIn()).toBe(false)
    expect(tabB.events.at(-1)).toEqual({ type: 'remote-logout' })
    expect(callsTo('/token/blacklist/').map((call) => call.status)).toEqual([200])
  })

  it('logging in in one tab logs in the other', async () => {
    const { tabA, tabB } = twoTabs()
    await tabA.login()
    expect(tabB.events).toContainEqual({ type: 'remote-login' })
    await expect(tabB.http.get('/me/')).resolves.toMatchObject({ data: { username: 'demo' } })
  })
})

describe('a flaky network keeps the session', () => {
  it('a dropped connection on an API call: a network notice, the session kept', async () => {
    const client = newClient()
    await client.login()
    backend.failNext({ kind: 'network', count: 1, pathContains: '/orders/' })
    const error = await client.http.get('/orders/').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ kind: 'network', status: 0 })
    expect(client.notices).toEqual([{ key: 'errors.network' }])
    expect(client.session.isLoggedIn()).toBe(true)
    await expect(client.http.get('/orders/')).resolves.toMatchObject({ status: 200 })
  })

  it('a dropped connection during the refresh: the refresh is tried again at once and the waiting requests succeed', async () => {
    const client = newClient()
    await client.login()
    time.advance((ACCESS_SECONDS + 1) * 1000)
    backend.failNext({ kind: 'network', count: 1, pathContains: '/token/refresh/' })
    const results = await parallelOrders(client, 5)
    expect(results.map((result) => result.status)).toEqual(Array(5).fill('fulfilled'))
    expect(client.notices).toEqual([])
    expect(refreshCalls()).toBe(2)
    expect(unauthorized()).toBe(0)
  })

  it('a proxy’s 502, 503 or 504 on the refresh is tried again too', async () => {
    const client = newClient()
    await client.login()
    time.advance((ACCESS_SECONDS + 1) * 1000)
    let answered = 0
    server.use(
      mswHttp.post('*/token/refresh/', () => {
        answered += 1
        return answered <= 2 ? new HttpResponse('<html>Bad Gateway</html>', { status: answered === 1 ? 502 : 504, headers: { 'Content-Type': 'text/html' } }) : undefined
      }),
    )
    await expect(client.http.get('/orders/')).resolves.toMatchObject({ status: 200 })
    expect(answered).toBe(3)
    expect(client.notices).toEqual([])
  })

  it('a refresh that gets no answer three times: waiting requests reject with a network error, the session is kept and heals later', async () => {
    const client = newClient()
    await client.login()
    time.advance((ACCESS_SECONDS + 1) * 1000)
    backend.failNext({ kind: 'network', count: 3, pathContains: '/token/refresh/' })
    const results = await parallelOrders(client, 5)
    for (const result of results) {
      expect(result.status).toBe('rejected')
      expect((result as PromiseRejectedResult).reason).toMatchObject({ kind: 'network' })
    }
    expect(client.notices).toEqual(Array(5).fill({ key: 'errors.network' })) // the toast layer shows identical ones once
    expect(refreshCalls()).toBe(3)
    expect(client.session.current()).not.toBeNull()
    await expect(client.http.get('/orders/')).resolves.toMatchObject({ status: 200 })
    expect(refreshCalls()).toBe(4)
  })

  it('a refresh whose answer was lost after the server rotated: the retry gets the same successor in the grace window', async () => {
    backend.settings.rotate = true
    const client = newClient()
    await client.login()
    const spent = client.session.current()?.refresh
    time.advance((ACCESS_SECONDS + 1) * 1000)
    backend.failNext({ kind: 'lost-answer', count: 1, pathContains: '/token/refresh/' })
    await expect(client.http.get('/orders/')).resolves.toMatchObject({ status: 200 })
    const refreshes = callsTo('/token/refresh/')
    expect(refreshes.map((call) => call.status)).toEqual([200, 200])
    const successor = client.session.current()?.refresh
    expect(successor).not.toBe(spent)
    // The family never forked: the successor is the session's one current token, and it rotates in its turn.
    time.advance((ACCESS_SECONDS + 1) * 1000)
    await expect(client.http.get('/orders/')).resolves.toMatchObject({ status: 200 })
    expect(client.session.current()?.refresh).not.toBe(successor)
    expect(client.events.filter((event) => event.type === 'expired')).toEqual([])
  })

  it('without a grace window, the retry of a lost answer is a replay: the session ends once', async () => {
    backend.settings.rotate = true
    backend.settings.graceSeconds = 0
    const client = newClient()
    await client.login()
    time.advance((ACCESS_SECONDS + 1) * 1000)
    backend.failNext({ kind: 'lost-answer', count: 1, pathContains: '/token/refresh/' })
    await expect(client.http.get('/orders/')).rejects.toBeInstanceOf(SessionExpiredError)
    expect(callsTo('/token/refresh/').map((call) => call.status)).toEqual([200, 401])
    expect(client.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'refresh-rejected' }])
  })

  it('a refused refresh is not tried again', async () => {
    const client = newClient()
    await client.login()
    time.advance((ACCESS_SECONDS + 1) * 1000)
    backend.failNext({ kind: 401, count: 1, pathContains: '/token/refresh/' })
    await expect(client.http.get('/orders/')).rejects.toBeInstanceOf(SessionExpiredError)
    expect(refreshCalls()).toBe(1)
  })

  it('a 500 with an HTML body gets a server-error notice and keeps the session', async () => {
    const client = newClient()
    await client.login()
    backend.failNext({ kind: 500, count: 1 })
    await expect(client.http.get('/orders/')).rejects.toMatchObject({ kind: 'bad-response', status: 500 })
    expect(client.notices).toEqual([{ key: 'errors.server', params: { status: 500 } }])
    expect(client.session.isLoggedIn()).toBe(true)
  })
})

describe('the status policy', () => {
  it('404: "not found" notice; a request can opt out of the toast', async () => {
    const client = newClient()
    await client.login()
    await expect(client.http.get('/orders/9999/')).rejects.toMatchObject({ status: 404, detail: 'No Order matches the given query.' })
    await expect(client.http.get('/orders/9999/', { skipErrorToast: true })).rejects.toMatchObject({ status: 404 })
    expect(client.notices).toEqual([{ key: 'errors.notFound' }])
  })

  it('400: the server’s first message', async () => {
    const client = newClient()
    await client.login()
    await expect(client.http.post('/orders/', { item: '' })).rejects.toMatchObject({ status: 400 })
    expect(client.notices).toEqual([{ text: 'This field may not be blank.' }])
  })

  it('403 (login expired, the default): one refresh and replay; refused again, the session ends', async () => {
    const client = newClient()
    await client.login()
    backend.failNext({ kind: 403, count: 2, pathContains: '/orders/' })
    await expect(client.http.get('/orders/')).rejects.toBeInstanceOf(SessionExpiredError)
    expect(refreshCalls()).toBe(1)
    expect(client.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'forbidden' }])
  })

  it('403 healed by the refresh: the replay succeeds', async () => {
    const client = newClient()
    await client.login()
    backend.failNext({ kind: 403, count: 1, pathContains: '/orders/' })
    await expect(client.http.get('/orders/')).resolves.toMatchObject({ status: 200 })
    expect(client.session.isLoggedIn()).toBe(true)
  })

  it('403 as "permission denied" (configured): a notice, the session kept, no refresh', async () => {
    const client = newClient({ forbiddenMeans: 'permission-denied' })
    await client.login()
    backend.failNext({ kind: 403, count: 1, pathContains: '/orders/' })
    await expect(client.http.get('/orders/')).rejects.toMatchObject({ status: 403 })
    expect(client.notices).toEqual([{ key: 'errors.forbidden' }])
    expect(refreshCalls()).toBe(0)
    expect(client.session.isLoggedIn()).toBe(true)
  })

  it('401 without a session asks for the login page, without a toast', async () => {
    const client = newClient()
    await expect(client.http.get('/orders/')).rejects.toMatchObject({ status: 401 })
    expect(client.loginRequests).toBe(1)
    expect(client.notices).toEqual([])
  })
})

describe('Authorization goes to our API only', () => {
  it('is sent as "JWT <access>" to the API, never to token endpoints or other origins', async () => {
    const seen: Record<string, string | null> = {}
    server.use(
      mswHttp.get('https://other.example/api/orders/', ({ request }) => {
        seen.other = request.headers.get('authorization')
        return HttpResponse.json({})
      }),
    )
    const client = newClient()
    await client.login()
    const access = client.session.current()?.access
    await client.http.get('/me/')
    await client.http.get('https://other.example/api/orders/')
    await client.http.post('/token/verify/', { token: access }, { skipAuth: true })
    expect(seen.other).toBeNull()
    const sent = backend.calls.filter((call) => call.path.endsWith('/me/'))
    expect(sent).toHaveLength(1)
    expect(sent[0]?.status).toBe(200)
  })
})

describe('logout', () => {
  it('blacklists the refresh token, clears the session and aborts requests in flight', async () => {
    const client = newClient()
    await client.login()
    const refresh = client.session.current()?.refresh
    let arrived!: () => void
    let release!: () => void
    const arrival = new Promise<void>((resolve) => (arrived = resolve))
    const gate = new Promise<void>((resolve) => (release = resolve))
    server.use(
      mswHttp.get('*/api/orders/', async () => {
        arrived()
        await gate
        return HttpResponse.json({ count: 0, next: null, previous: null, results: [] })
      }),
    )
    const pending = client.http.get('/orders/').catch((error: unknown) => error)
    await arrival
    await client.session.logout()
    expect(await pending).toBeInstanceOf(SessionExpiredError)
    release()
    expect(client.session.current()).toBeNull()
    await expect(client.http.post('/token/refresh/', { refresh }, { skipAuth: true })).rejects.toMatchObject({ detail: 'Token is blacklisted' })
  })

  it('clears the session even when the server is unreachable', async () => {
    const client = newClient()
    await client.login()
    backend.failNext({ kind: 'network', count: 1, pathContains: '/token/blacklist/' })
    await client.session.logout()
    expect(client.session.current()).toBeNull()
    expect(client.events).toContainEqual({ type: 'logout' })
  })

  it('a refresh still out when another tab logs out does not bring the session back', async () => {
    const shared = createSharedStorage()
    const locks = createFakeLocks()
    const tabA = createTestClient({ time, tab: shared.tab(), locks })
    const tabB = createTestClient({ time, tab: shared.tab(), locks })
    await tabA.login()
    const { access } = await backend.issueTokens(1)
    let arrived!: () => void
    let release!: () => void
    const arrival = new Promise<void>((resolve) => (arrived = resolve))
    const gate = new Promise<void>((resolve) => (release = resolve))
    server.use(
      mswHttp.post('*/api/token/refresh/', async () => {
        arrived()
        await gate
        return HttpResponse.json({ access })
      }),
    )
    const refreshing = tabA.session.refresh().catch((error: unknown) => error)
    await arrival
    await tabB.session.logout()
    expect(tabA.session.current()).toBeNull()
    const eventsSinceLogout = tabB.events.length
    release()
    expect(await refreshing).toBeInstanceOf(SessionExpiredError)
    expect(tabA.session.current()).toBeNull()
    expect(shared.tab().storage.getItem(SESSION_STORAGE_KEY)).toBeNull()
    expect(tabB.events.slice(eventsSinceLogout)).toEqual([])
    expect(tabB.session.current()).toBeNull()
  })
})
