import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { createPinia, setActivePinia } from 'pinia'
import { blacklistToken } from '@/api/auth'
import { changePassword, logoutAll } from '@/api/me'
import { getOrder } from '@/api/orders'
import { SessionExpiredError } from '@django-jwt/session'
import { installAuth } from '@/plugins/auth'
import { routes } from '@/router/routes'
import { browserSession } from '@/browserSession'
import { useAuthStore } from '@/stores/auth'
import { notify } from '@/ui/notify'
import { useMockBackend } from '../../support/mock-backend'

vi.mock('@/ui/notify', () => ({ notify: vi.fn(async () => undefined) }))

const backend = useMockBackend({ accessSeconds: 300, latencyMs: 0 })
const router = createRouter({ history: createMemoryHistory(), routes })
let replace: { mock: { calls: unknown[] } }

const { session } = browserSession
const loadedIdlePolicy = () => browserSession.idle.policy()
const restartIdleClock = () => browserSession.idle.restart()

beforeAll(() => installAuth(router, (key) => key))

async function logIn(): Promise<void> {
  const tokens = await backend().issueTokens(1)
  restartIdleClock() // as the store's login does
  session.establish(tokens)
}

beforeEach(async () => {
  session.expire('refresh-expired')
  await router.push('/login')
  vi.mocked(notify).mockClear()
  replace = vi.spyOn(router, 'replace') // restoreMocks undoes it after each test
})

describe('the session wired into the app', () => {
  it('a protected page while logged out goes to /login with the page as redirect target', async () => {
    await router.push('/orders/7?tab=notes')
    expect(router.currentRoute.value.name).toBe('login')
    expect(router.currentRoute.value.query.redirect).toBe('/orders/7?tab=notes')
  })

  it('/login while logged in goes to the (safe) redirect target', async () => {
    await logIn()
    await router.push('/login?redirect=/orders/7')
    expect(router.currentRoute.value.fullPath).toBe('/orders/7')
    await router.push('/login?redirect=//evil.example')
    expect(router.currentRoute.value.name).toBe('orders')
  })

  it('20 requests failing at once when the session cannot be healed: one toast, one redirect', async () => {
    await logIn()
    await router.push('/orders/7')
    const refresh = session.current()?.refresh ?? ''
    await blacklistToken(refresh) // the refresh will be refused
    const now = backend().now()
    backend().setNow(() => now + 301_000) // the server sees the access token expired
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => getOrder(i + 1)))
    expect(results.every((result) => result.status === 'rejected' && result.reason instanceof SessionExpiredError)).toBe(true)
    expect(vi.mocked(notify).mock.calls).toEqual([['errors.sessionExpired', { forbidClick: true, duration: 1000 }]])
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(replace.mock.calls).toHaveLength(1)
    expect(router.currentRoute.value.query.redirect).toBe('/orders/7')
  })

  it('a 404 and a dropped connection each get one clear toast; the session stays', async () => {
    await logIn()
    await router.push('/orders')
    await expect(getOrder(9999)).rejects.toMatchObject({ status: 404 })
    backend().failNext({ kind: 'network', count: 3 })
    await Promise.allSettled([getOrder(1), getOrder(2), getOrder(3)])
    expect(vi.mocked(notify).mock.calls.map(([message]) => message)).toEqual(['errors.notFound', 'errors.network', 'errors.network', 'errors.network'])
    expect(session.isLoggedIn()).toBe(true)
    expect(router.currentRoute.value.name).toBe('orders')
  })

  it('the idle policy comes with the first session; a request after the idle time sends nothing and leaves for /login?redirect, without a toast', async () => {
    await logIn()
    await vi.waitFor(() => expect(loadedIdlePolicy()?.state().deadline).toBeTypeOf('number'))
    await router.push('/orders/7')
    const before = backend().calls.length
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 30 * 60_000) // the laptop slept through the idle time
    await expect(getOrder(7)).rejects.toBeInstanceOf(SessionExpiredError)
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/orders/7'))
    expect(replace.mock.calls).toHaveLength(1)
    expect(vi.mocked(notify)).not.toHaveBeenCalled() // the login page says why
    expect(loadedIdlePolicy()?.state().lapsed).toBe(true)
    await vi.waitFor(() => expect(backend().calls.slice(before).map((call) => call.path)).toEqual(['/api/token/blacklist/']))
    vi.useRealTimers()
  })

  it('logout goes to the login page without a redirect target', async () => {
    await logIn()
    await router.push('/session')
    await session.logout()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/login'))
  })

  it('a password changed on another device: this one’s next request ends the session with one toast and one redirect', async () => {
    await logIn()
    await router.push('/orders/7')
    const otherDevice = await backend().issueTokens(1)
    await changePassword({ old_password: 'demo123', new_password: 'kettle-violet-42' }, { headers: { Authorization: `JWT ${otherDevice.access}` } })
    await expect(getOrder(7)).rejects.toBeInstanceOf(SessionExpiredError)
    expect(vi.mocked(notify).mock.calls).toEqual([['errors.sessionExpired', { forbidClick: true, duration: 1000 }]])
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(replace.mock.calls).toHaveLength(1)
    expect(router.currentRoute.value.query.redirect).toBe('/orders/7')
  })

  it('the store’s password change adopts the new pair: the session goes on, older tokens are refused', async () => {
    setActivePinia(createPinia())
    await logIn()
    const before = session.current()
    await useAuthStore().changePassword({ old_password: 'demo123', new_password: 'kettle-violet-42' })
    expect(session.current()?.access).not.toBe(before?.access)
    await expect(getOrder(7)).resolves.toMatchObject({ id: 7 })
    // skipAuth: past the interceptors, which would heal the 401 with the current token.
    await expect(getOrder(7, { skipAuth: true, headers: { Authorization: `JWT ${before?.access}` } })).rejects.toMatchObject({ status: 401 })
  })

  it('the store’s password change shows no toast for Django’s refusal; the session stays', async () => {
    setActivePinia(createPinia())
    await logIn()
    await expect(useAuthStore().changePassword({ old_password: 'nope', new_password: '123' })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { old_password: [expect.any(String)], new_password: expect.any(Array) },
    })
    expect(vi.mocked(notify)).not.toHaveBeenCalled()
    expect(session.isLoggedIn()).toBe(true)
  })

  it('a locked-out password change (429) is no expired session: no refresh, no toast, the session stays', async () => {
    setActivePinia(createPinia())
    backend().settings.loginFailureLimit = 1
    await logIn()
    const before = session.current()
    await expect(useAuthStore().changePassword({ old_password: 'nope', new_password: 'kettle-violet-42' })).rejects.toMatchObject({ status: 400 })
    await expect(useAuthStore().changePassword({ old_password: 'demo123', new_password: 'kettle-violet-42' })).rejects.toMatchObject({
      status: 429,
      code: 'too_many_attempts',
      retryAfterSeconds: 60,
    })
    expect(backend().calls.map((call) => `${call.path} ${call.status}`)).toEqual(['/api/me/password/ 400', '/api/me/password/ 429'])
    expect(vi.mocked(notify)).not.toHaveBeenCalled()
    expect(session.current()).toEqual(before)
    expect(replace.mock.calls).toHaveLength(0)
    await expect(getOrder(7)).resolves.toMatchObject({ id: 7 })
  })

  it('log out everywhere: the server revokes, no blacklist call follows, the login page without a redirect target', async () => {
    setActivePinia(createPinia())
    await logIn()
    const access = session.current()?.access
    await router.push('/session')
    const since = backend().calls.length
    await useAuthStore().logoutEverywhere()
    expect(backend().calls.slice(since).map((call) => call.path)).toEqual(['/api/me/logout-all/'])
    expect(session.current()).toBeNull()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/login'))
    await expect(logoutAll({ skipAuth: true, headers: { Authorization: `JWT ${access}` } })).rejects.toMatchObject({ status: 401 })
  })
})
