import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { SessionExpiredError } from '@django-jwt/session'
import { notify } from '@/ui/notify'
import { buttonByText, fieldByLabel, httpError, mountAt, networkError, preloadPages } from './harness'

// What this page uses, and what the session page it returns to reads.
const auth = {
  isLoggedIn: true,
  user: { id: 1, username: 'demo' },
  accessToken: null,
  refreshToken: null,
  clockOffsetMs: 0,
  serverNow: () => Date.now(),
  loadUser: vi.fn(async () => auth.user),
  changePassword: vi.fn(),
}
vi.mock('@/stores/auth', () => ({ useAuthStore: () => auth }))
vi.mock('@/ui/notify', () => ({ notify: vi.fn() }))

type Wrapper = Awaited<ReturnType<typeof mountAt>>['wrapper']

const CURRENT = 'Current password'
const NEW = 'New password'
const REPEAT = 'Repeat new password'

function errorUnder(wrapper: Wrapper, label: string): string {
  const message = fieldByLabel(wrapper, label).find('.van-field__error-message')
  return message.exists() ? message.text() : ''
}

function inputOf(wrapper: Wrapper, label: string) {
  return fieldByLabel(wrapper, label).find('input')
}

async function fill(wrapper: Wrapper, current: string, next: string, repeat = next) {
  await inputOf(wrapper, CURRENT).setValue(current)
  await inputOf(wrapper, NEW).setValue(next)
  await inputOf(wrapper, REPEAT).setValue(repeat)
}

async function submit(wrapper: Wrapper) {
  await wrapper.find('form').trigger('submit')
  await flushPromises()
}

function pageAlert(wrapper: Wrapper): string {
  const alert = wrapper.find('[role="alert"]')
  return alert.exists() ? alert.text() : ''
}

describe('PasswordChangePage', () => {
  // The first import of every page (Vant and all) takes seconds on a busy machine: not the first test's time.
  beforeAll(preloadPages, 60_000)
  beforeEach(() => {
    auth.changePassword.mockReset()
    vi.mocked(notify).mockClear()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('labels its three password fields and its button', async () => {
    const { wrapper } = await mountAt('/session/password')
    expect(wrapper.find('h1').text()).toBe('Change password')
    for (const [label, autocomplete] of [[CURRENT, 'current-password'], [NEW, 'new-password'], [REPEAT, 'new-password']] as const) {
      const field = fieldByLabel(wrapper, label)
      expect(field.find('label').text()).toBe(label)
      expect(field.find('input').attributes()).toMatchObject({ type: 'password', autocomplete })
      expect(field.find('input').attributes('aria-labelledby')).toBeTruthy()
    }
    expect(buttonByText(wrapper, 'Change password').attributes('type')).toBe('submit')
  })

  it('checks before sending: all filled, at least 8 characters, different from the current one, repeated alike', async () => {
    const { wrapper } = await mountAt('/session/password')
    await submit(wrapper)
    expect([errorUnder(wrapper, CURRENT), errorUnder(wrapper, NEW), errorUnder(wrapper, REPEAT)]).toEqual([
      'Please enter your current password',
      'Please enter a new password',
      'Please repeat the new password',
    ])
    await fill(wrapper, 'demo123', 'short7!')
    await submit(wrapper)
    expect(errorUnder(wrapper, NEW)).toBe('At least 8 characters')
    await fill(wrapper, 'same-password', ' same-password ')
    await submit(wrapper)
    expect(errorUnder(wrapper, NEW)).toBe('The new password must differ from the current one')
    await fill(wrapper, 'demo123', 'kettle-violet-42', 'kettle-violet-43')
    await submit(wrapper)
    expect([errorUnder(wrapper, CURRENT), errorUnder(wrapper, NEW), errorUnder(wrapper, REPEAT)]).toEqual(['', '', 'The two new passwords do not match'])
    expect(auth.changePassword).not.toHaveBeenCalled()
  })

  it('sends the current and the new password, then says so and goes back to the session page', async () => {
    auth.changePassword.mockResolvedValue(undefined)
    const { wrapper, router } = await mountAt('/session/password')
    await fill(wrapper, 'demo123', 'kettle-violet-42')
    await submit(wrapper)
    expect(auth.changePassword).toHaveBeenCalledWith({ old_password: 'demo123', new_password: 'kettle-violet-42' })
    expect(notify).toHaveBeenCalledWith('Password changed; other devices are logged out', { type: 'success' })
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('session'))
  })

  it('puts the server’s messages under their fields by field name, and clears one when its field is edited', async () => {
    auth.changePassword.mockRejectedValue(
      httpError(400, {
        fieldErrors: {
          old_password: ['Your old password was entered incorrectly. Please enter it again.'],
          new_password: ['This password is too common.', 'This password is entirely numeric.'],
        },
      }),
    )
    const { wrapper } = await mountAt('/session/password')
    await fill(wrapper, 'wrong-one', '12345678')
    await submit(wrapper)
    expect(errorUnder(wrapper, CURRENT)).toBe('Your old password was entered incorrectly. Please enter it again.')
    expect(errorUnder(wrapper, NEW)).toBe('This password is too common. This password is entirely numeric.')
    expect(errorUnder(wrapper, REPEAT)).toBe('')
    expect(pageAlert(wrapper)).toBe('')
    await inputOf(wrapper, CURRENT).setValue('demo123')
    expect(errorUnder(wrapper, CURRENT)).toBe('')
    expect(errorUnder(wrapper, NEW)).toBe('This password is too common. This password is entirely numeric.')
  })

  it('shows a message under no field (another key, a detail) on the page', async () => {
    auth.changePassword.mockRejectedValue(httpError(400, { fieldErrors: { non_field_errors: ['Something else.'] } }))
    const { wrapper } = await mountAt('/session/password')
    await fill(wrapper, 'demo123', 'kettle-violet-42')
    await submit(wrapper)
    expect(pageAlert(wrapper)).toBe('Something else.')
  })

  it('is busy while sending and sends once however often it is submitted', async () => {
    let refuse!: (error: unknown) => void
    auth.changePassword.mockReturnValue(new Promise<void>((_resolve, reject) => (refuse = reject)))
    const { wrapper } = await mountAt('/session/password')
    await fill(wrapper, 'demo123', 'kettle-violet-42')
    await submit(wrapper)
    await submit(wrapper)
    await buttonByText(wrapper, 'Change password').trigger('click')
    await flushPromises()
    expect(auth.changePassword).toHaveBeenCalledTimes(1)
    expect(wrapper.find('form').attributes('aria-busy')).toBe('true')
    expect(wrapper.find('button[type="submit"]').classes()).toContain('van-button--loading')
    refuse(httpError(400, { fieldErrors: { new_password: ['This password is too common.'] } }))
    await flushPromises()
    expect(wrapper.find('form').attributes('aria-busy')).toBe('false')
    expect(wrapper.find('button[type="submit"]').classes()).not.toContain('van-button--loading')
  })

  it('keeps what was typed when the network fails, and says so', async () => {
    auth.changePassword.mockRejectedValue(networkError())
    const { wrapper, router } = await mountAt('/session/password')
    await fill(wrapper, 'demo123', 'kettle-violet-42')
    await submit(wrapper)
    expect(pageAlert(wrapper)).toBe('Network error: check your connection and try again')
    expect([CURRENT, NEW, REPEAT].map((label) => (inputOf(wrapper, label).element as HTMLInputElement).value)).toEqual([
      'demo123',
      'kettle-violet-42',
      'kettle-violet-42',
    ])
    expect(router.currentRoute.value.name).toBe('password-change')
    auth.changePassword.mockResolvedValue(undefined)
    await submit(wrapper)
    expect(auth.changePassword).toHaveBeenCalledTimes(2)
  })

  it('says nothing of its own when the session has ended (the app shows the one expiry message)', async () => {
    auth.changePassword.mockRejectedValue(new SessionExpiredError('refresh refused'))
    const { wrapper } = await mountAt('/session/password')
    await fill(wrapper, 'demo123', 'kettle-violet-42')
    await submit(wrapper)
    expect(pageAlert(wrapper)).toBe('')
    expect(notify).not.toHaveBeenCalled()
  })
})
