import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { reactive } from 'vue'
import { confirmAction } from '@/ui/confirm'
import { listSessions, signOutSession } from '@/api/me'
import type { DeviceSession } from '@/api/types'
import { notify } from '@/ui/notify'
import { buttonByText, httpError, mountAt, networkError } from './harness'

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0)

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** An unsigned simplejwt-shaped token: the page only decodes, the server verifies. */
function token(type: 'access' | 'refresh', lifetimeSeconds: number): string {
  const iat = NOW / 1000
  const payload = { token_type: type, exp: iat + lifetimeSeconds, iat, jti: 'a'.repeat(32), user_id: 1 }
  return `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}.c2ln`
}

const auth = reactive({
  isLoggedIn: true,
  user: { id: 1, username: 'demo' } as { id: number; username: string } | null,
  accessToken: token('access', 300) as string | null,
  refreshToken: token('refresh', 86_400) as string | null,
  sessionEndsAt: (NOW + 86_400_000) as number | null,
  canRevoke: true,
  clockOffsetMs: -1500,
  serverNow: () => Date.now() - 1500,
  idleMs: 30 * 60_000,
  idleDeadline: NOW + 1500 + 30 * 60_000,
  idleRemainingMs: () => Math.max(0, auth.idleDeadline - Date.now()),
  loadUser: vi.fn(async () => auth.user),
  refreshNow: vi.fn(async () => undefined),
  logout: vi.fn(async () => undefined),
  logoutEverywhere: vi.fn(async () => undefined),
})
vi.mock('@/stores/auth', () => ({ useAuthStore: () => auth }))
vi.mock('@/ui/notify', () => ({ notify: vi.fn() }))
vi.mock('@/api/orders', () => ({ listOrders: () => new Promise(() => undefined) }))
vi.mock('@/ui/confirm', () => ({ confirmAction: vi.fn() }))
vi.mock('@/api/me', () => ({ listSessions: vi.fn(), signOutSession: vi.fn() }))

const SESSION_END = '2026-12-23T12:00:00.000000Z'
const THIS_DEVICE: DeviceSession = {
  id: 'this-device',
  device: 'Chrome on Linux',
  created_at: '2026-11-23T11:59:00.000000Z',
  last_used_at: '2026-11-23T11:59:30.000000Z',
  expires_at: SESSION_END,
  current: true,
}
const PHONE: DeviceSession = {
  id: 'the-phone',
  device: 'Safari on iOS',
  created_at: '2026-11-20T08:00:00.000000Z',
  last_used_at: '2026-11-22T19:30:00.000000Z',
  expires_at: '2026-12-20T08:00:00.000000Z',
  current: false,
}

describe('SessionPage', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(NOW + 1500)
    vi.mocked(listSessions).mockResolvedValue([THIS_DEVICE, PHONE])
    vi.mocked(signOutSession).mockResolvedValue(undefined)
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('shows the user, the clock offset and both tokens decoded with explained claims', async () => {
    const { wrapper } = await mountAt('/session')
    const text = wrapper.text()
    expect(text).toContain('demo')
    expect(text).toContain('-1500 ms')
    const [access, refresh] = wrapper.findAll('section.token-anatomy')
    expect(access!.text()).toContain('Access token')
    expect(access!.text()).toContain('HS256')
    for (const claim of ['token_type', 'exp', 'iat', 'jti', 'user_id']) expect(access!.text()).toContain(claim)
    expect(access!.text()).toContain('Expires at')
    expect(access!.text()).toContain("The user's id on the server")
    expect(refresh!.text()).toContain('"refresh"'.replaceAll('"', ''))
    expect(text).toContain('Session ends')
  })

  it('shows a single-token session (sliding) with its window end explained and no refresh token', async () => {
    const iat = NOW / 1000
    const sliding = { token_type: 'sliding', exp: iat + 300, iat, jti: 'a'.repeat(32), refresh_exp: iat + 86_400, user_id: 1 }
    const saved = { accessToken: auth.accessToken, refreshToken: auth.refreshToken }
    auth.accessToken = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(sliding)}.c2ln`
    auth.refreshToken = null
    auth.canRevoke = false
    try {
      const { wrapper } = await mountAt('/session')
      expect(wrapper.text()).not.toContain('Log out everywhere') // the sliding server can't revoke
      expect(wrapper.text()).not.toContain('Change password')
      const sections = wrapper.findAll('section.token-anatomy')
      expect(sections).toHaveLength(1)
      expect(sections[0]!.text()).toContain('refresh_exp')
      expect(sections[0]!.text()).toContain('End of renewal')
    } finally {
      Object.assign(auth, saved, { canRevoke: true })
    }
  })

  it('counts down to each expiry on the server-corrected clock', async () => {
    const { wrapper } = await mountAt('/session')
    const countdowns = () => wrapper.findAll('.token-anatomy__countdown strong').map((node) => node.text())
    expect(countdowns()).toEqual(['05:00', '1d 00:00:00'])
    await vi.advanceTimersByTimeAsync(61_000)
    expect(countdowns()).toEqual(['03:59', '23:58:59'])
    await vi.advanceTimersByTimeAsync(240_000)
    expect(countdowns()[0]).toBe('Expired')
  })

  it('refreshes on demand and logs out to the login page', async () => {
    const { wrapper, router } = await mountAt('/session')
    await buttonByText(wrapper, 'Refresh now').trigger('click')
    await flushPromises()
    expect(auth.refreshNow).toHaveBeenCalledTimes(1)
    await buttonByText(wrapper, 'Log out').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'), { timeout: 5000 })
    expect(auth.logout).toHaveBeenCalledTimes(1)
  })

  it('opens the password change page', async () => {
    const { wrapper, router } = await mountAt('/session')
    await buttonByText(wrapper, 'Change password').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/session/password'))
  })

  it('logs out everywhere only once confirmed, then goes to the login page', async () => {
    auth.logoutEverywhere.mockClear()
    vi.mocked(confirmAction).mockResolvedValueOnce(false)
    const { wrapper, router } = await mountAt('/session')
    await buttonByText(wrapper, 'Log out everywhere').trigger('click')
    await flushPromises()
    expect(confirmAction).toHaveBeenCalledWith(
      'Log out everywhere?',
      'Every device signed in to this account, this one included, will be logged out.',
    )
    expect(auth.logoutEverywhere).not.toHaveBeenCalled()
    expect(router.currentRoute.value.name).toBe('session')

    vi.mocked(confirmAction).mockResolvedValueOnce(true)
    await buttonByText(wrapper, 'Log out everywhere').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('login'), { timeout: 5000 })
    expect(auth.logoutEverywhere).toHaveBeenCalledTimes(1)
  })

  it('stays on the page when logging out everywhere fails (the global toast says why)', async () => {
    auth.logoutEverywhere.mockRejectedValueOnce(new Error('offline'))
    vi.mocked(confirmAction).mockResolvedValueOnce(true)
    const { wrapper, router } = await mountAt('/session')
    await buttonByText(wrapper, 'Log out everywhere').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('session')
    expect(buttonByText(wrapper, 'Log out everywhere').classes()).not.toContain('van-button--loading')
  })

  it('shows the idle time left, counting down and following activity', async () => {
    const { wrapper } = await mountAt('/session')
    const idleLeft = () => wrapper.findAll('.van-cell').find((cell) => cell.text().startsWith('Idle sign-out in'))?.find('.van-cell__value').text()
    expect(idleLeft()).toBe('30:00')
    await vi.advanceTimersByTimeAsync(61_000)
    expect(idleLeft()).toBe('28:59')
    auth.idleDeadline = Date.now() + 30 * 60_000 // activity, here or in another tab
    await vi.advanceTimersByTimeAsync(1000)
    expect(idleLeft()).toBe('29:59')
  })

  it('says "Never" when the idle lapse is off', async () => {
    auth.idleMs = 0
    const { wrapper } = await mountAt('/session')
    expect(wrapper.text()).toContain('Never (idle lapse off)')
    auth.idleMs = 30 * 60_000
  })

  it('says so when there is no token to show', async () => {
    auth.accessToken = null
    const { wrapper } = await mountAt('/session')
    expect(wrapper.findAll('section.token-anatomy')[0]!.text()).toContain('No token')
    auth.accessToken = token('access', 300)
  })

  describe('Your devices', () => {
    const rows = (wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper']) => wrapper.findAll('.device-list__item')

    it('lists every device, this one marked without Sign out, with start and last activity in the reader’s language', async () => {
      const { wrapper } = await mountAt('/session')
      expect(listSessions).toHaveBeenCalledWith({ skipErrorToast: true })
      expect(rows(wrapper).map((row) => row.find('.device-list__name').text())).toEqual(['Chrome on Linux', 'Safari on iOS'])
      const [mine, phone] = rows(wrapper)
      expect(mine!.text()).toContain('This device')
      expect(mine!.find('button').exists()).toBe(false)
      expect(phone!.text()).not.toContain('This device')
      const times = phone!.findAll('.device-list__time').map((node) => node.text())
      const format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' })
      expect(times).toEqual([`Signed in ${format.format(new Date(PHONE.created_at))}`, `Last active ${format.format(new Date(PHONE.last_used_at))}`])
    })

    it('shows the session’s absolute end, fixed at login, rather than the refresh token’s', async () => {
      const { wrapper } = await mountAt('/session')
      const end = wrapper.findAll('.van-cell').find((cell) => cell.text().startsWith('Session ends'))!
      expect(end.text()).toContain('Set at login: refreshing never moves it')
      const format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' })
      expect(end.find('.van-cell__value').text()).toBe(format.format(new Date(Date.parse(SESSION_END))))
    })

    it('signs another device out only once confirmed, says so and shows the list again', async () => {
      vi.mocked(confirmAction).mockResolvedValueOnce(false)
      const { wrapper } = await mountAt('/session')
      await rows(wrapper)[1]!.find('button').trigger('click')
      await flushPromises()
      expect(confirmAction).toHaveBeenLastCalledWith('Sign out this device?', 'Safari on iOS will be signed out at once and will have to log in again.')
      expect(signOutSession).not.toHaveBeenCalled()

      vi.mocked(confirmAction).mockResolvedValueOnce(true)
      vi.mocked(listSessions).mockResolvedValue([THIS_DEVICE])
      await rows(wrapper)[1]!.find('button').trigger('click')
      await flushPromises()
      expect(signOutSession).toHaveBeenCalledWith('the-phone', { skipErrorToast: true })
      expect(notify).toHaveBeenLastCalledWith('Safari on iOS is signed out', { type: 'success' })
      expect(rows(wrapper)).toHaveLength(1)
    })

    it('a device already signed out (404) counts as signed out; a failure says so and keeps it listed', async () => {
      vi.mocked(confirmAction).mockResolvedValue(true)
      vi.mocked(signOutSession).mockRejectedValueOnce(httpError(404))
      const { wrapper } = await mountAt('/session')
      await rows(wrapper)[1]!.find('button').trigger('click')
      await flushPromises()
      expect(notify).toHaveBeenLastCalledWith('Safari on iOS is signed out', { type: 'success' })

      vi.mocked(signOutSession).mockRejectedValueOnce(networkError())
      await rows(wrapper)[1]!.find('button').trigger('click')
      await flushPromises()
      expect(notify).toHaveBeenLastCalledWith('Could not sign out Safari on iOS', { type: 'fail' })
      expect(rows(wrapper)).toHaveLength(2)
      vi.mocked(confirmAction).mockReset()
    })

    it('a server without sessions (404): no section, and the end is the refresh token’s', async () => {
      vi.mocked(listSessions).mockRejectedValueOnce(httpError(404))
      const { wrapper } = await mountAt('/session')
      expect(wrapper.find('.device-list').exists()).toBe(false)
      expect(wrapper.text()).toContain('No refresh can go past this: log in again after it')
    })

    it('a list that fails to load offers a retry', async () => {
      vi.mocked(listSessions).mockRejectedValueOnce(networkError())
      const { wrapper } = await mountAt('/session')
      expect(wrapper.text()).toContain('Could not load your devices')
      await buttonByText(wrapper, 'Retry').trigger('click')
      await flushPromises()
      expect(rows(wrapper)).toHaveLength(2)
    })

    it('is not asked for where the server can’t revoke (sliding, drf-jwt)', async () => {
      vi.mocked(listSessions).mockClear()
      auth.canRevoke = false
      try {
        const { wrapper } = await mountAt('/session')
        expect(listSessions).not.toHaveBeenCalled()
        expect(wrapper.find('.device-list').exists()).toBe(false)
      } finally {
        auth.canRevoke = true
      }
    })
  })
})
