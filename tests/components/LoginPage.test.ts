import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { reactive } from 'vue'
import { LOCALE_STORAGE_KEY } from '@/i18n'
import { buttonByText, fieldByLabel, httpError, mountAt, networkError } from './harness'

const auth = reactive({
  isLoggedIn: false,
  rememberMe: true,
  idleLapsed: false,
  idleMs: 30 * 60_000,
  login: vi.fn<(credentials: { username: string; password: string }, options: { remember?: boolean }) => Promise<void>>(),
})
vi.mock('@/stores/auth', () => ({ useAuthStore: () => auth }))
// The page a login lands on starts loading; it never answers here.
vi.mock('@/api/orders', () => ({ getOrder: () => new Promise(() => undefined), listOrders: () => new Promise(() => undefined) }))

async function fillAndSubmit(wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper'], username: string, password: string) {
  await wrapper.find('input[name="username"]').setValue(username)
  await wrapper.find('input[name="password"]').setValue(password)
  await wrapper.find('form').trigger('submit')
  await flushPromises()
}

describe('LoginPage', () => {
  beforeEach(() => {
    auth.login.mockReset()
    Object.assign(auth, { rememberMe: true, idleLapsed: false, idleMs: 30 * 60_000 })
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('names its controls in English', async () => {
    const { wrapper } = await mountAt('/login')
    expect(wrapper.find('label[for]').exists()).toBe(true)
    const username = fieldByLabel(wrapper, 'Username').find('input')
    const label = wrapper.find(`#${username.attributes('aria-labelledby')}`)
    expect(label.text()).toBe('Username')
    expect(fieldByLabel(wrapper, 'Password').find('input').attributes('type')).toBe('password')
    expect(buttonByText(wrapper, 'Log in').attributes('type')).toBe('submit')
  })

  it('asks for both fields before sending anything', async () => {
    const { wrapper } = await mountAt('/login')
    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(wrapper.text()).toContain('Please enter your username'))
    expect(wrapper.text()).toContain('Please enter your password')
    expect(auth.login).not.toHaveBeenCalled()
  })

  it('shows and hides the password', async () => {
    const { wrapper } = await mountAt('/login')
    const input = () => fieldByLabel(wrapper, 'Password').find('input')
    await buttonByText(wrapper, 'Show').trigger('click')
    expect(input().attributes('type')).toBe('text')
    await buttonByText(wrapper, 'Hide').trigger('click')
    expect(input().attributes('type')).toBe('password')
  })

  it('says "Incorrect username or password" on the page for a 401', async () => {
    auth.login.mockRejectedValue(httpError(401, { detail: 'No active account found with the given credentials' }))
    const { wrapper, router } = await mountAt('/login')
    await fillAndSubmit(wrapper, 'demo', 'wrong')
    expect(auth.login).toHaveBeenCalledWith({ username: 'demo', password: 'wrong' }, { remember: true })
    expect(wrapper.find('[role="alert"]').text()).toBe('Incorrect username or password')
    expect(router.currentRoute.value.name).toBe('login')
  })

  it('puts 400 field errors under their fields', async () => {
    auth.login.mockRejectedValue(httpError(400, { fieldErrors: { password: ['This field may not be blank.'] } }))
    const { wrapper } = await mountAt('/login')
    await fillAndSubmit(wrapper, 'demo', ' ')
    expect(fieldByLabel(wrapper, 'Password').find('.van-field__error-message').text()).toBe('This field may not be blank.')
    expect(fieldByLabel(wrapper, 'Username').find('.van-field__error-message').exists()).toBe(false)
    // Typing again clears the server's complaint.
    await fieldByLabel(wrapper, 'Password').find('input').setValue('demo123')
    expect(fieldByLabel(wrapper, 'Password').find('.van-field__error-message').exists()).toBe(false)
  })

  it('says the network failed and keeps what was typed', async () => {
    auth.login.mockRejectedValue(networkError())
    const { wrapper } = await mountAt('/login')
    await fillAndSubmit(wrapper, 'demo', 'demo123')
    expect(wrapper.find('[role="alert"]').text()).toContain('Cannot reach the server')
    expect((fieldByLabel(wrapper, 'Username').find('input').element as HTMLInputElement).value).toBe('demo')
    expect((fieldByLabel(wrapper, 'Password').find('input').element as HTMLInputElement).value).toBe('demo123')
  })

  it('sends one request however often the button is pressed while it runs', async () => {
    let finish: () => void = () => undefined
    auth.login.mockImplementation(() => new Promise<void>((resolve) => (finish = resolve)))
    const { wrapper } = await mountAt('/login')
    await fillAndSubmit(wrapper, 'demo', 'demo123')
    await wrapper.find('form').trigger('submit')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('form').attributes('aria-busy')).toBe('true')
    expect(wrapper.find('button[type="submit"] .login-form__spinner').exists()).toBe(true)
    expect(auth.login).toHaveBeenCalledTimes(1)
    finish()
    await flushPromises()
  })

  it('goes to the safe redirect target after login', async () => {
    auth.login.mockResolvedValue()
    const { wrapper, router } = await mountAt('/login?redirect=/orders/7')
    await fillAndSubmit(wrapper, 'demo', 'demo123')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/orders/7'), { timeout: 5000 })
  })

  it('ignores a redirect to another site and lands on the order list', async () => {
    auth.login.mockResolvedValue()
    const { wrapper, router } = await mountAt('/login?redirect=//evil.example/x')
    await fillAndSubmit(wrapper, 'demo', 'demo123')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('orders'), { timeout: 5000 })
  })

  it('has a "Remember me" checkbox, checked by default; unchecked, the login keeps the tokens per tab', async () => {
    auth.login.mockResolvedValue()
    const { wrapper } = await mountAt('/login')
    const checkbox = wrapper.find('input[type="checkbox"]')
    expect(checkbox.element.closest('label')?.textContent?.trim()).toBe('Remember me')
    expect((checkbox.element as HTMLInputElement).checked).toBe(true)
    await checkbox.setValue(false)
    await fillAndSubmit(wrapper, 'demo', 'demo123')
    expect(auth.login).toHaveBeenCalledWith({ username: 'demo', password: 'demo123' }, { remember: false })
  })

  it('starts from the choice the last login made', async () => {
    auth.rememberMe = false
    const { wrapper } = await mountAt('/login')
    expect((wrapper.find('input[type="checkbox"]').element as HTMLInputElement).checked).toBe(false)
  })

  it('says why after an idle lapse, with the configured time', async () => {
    const { wrapper } = await mountAt('/login?redirect=/orders')
    expect(wrapper.find('[role="status"]').exists()).toBe(false)
    auth.idleLapsed = true
    await flushPromises()
    expect(wrapper.find('[role="status"]').text()).toBe('Signed out after 30 minutes without activity')
    auth.idleMs = 60_000
    await flushPromises()
    expect(wrapper.find('[role="status"]').text()).toBe('Signed out after 1 minute without activity')
    auth.idleMs = 15_000 // VITE_IDLE_MINUTES=0.25
    await flushPromises()
    expect(wrapper.find('[role="status"]').text()).toBe('Signed out after 15 seconds without activity')
  })

  it('switches to Chinese, remembers it and sets <html lang>', async () => {
    const { wrapper } = await mountAt('/login')
    await buttonByText(wrapper, '中文').trigger('click')
    await vi.waitFor(() => expect(buttonByText(wrapper, '登录').exists()).toBe(true)) // the Chinese messages load first
    expect(document.documentElement.lang).toBe('zh-CN')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN')
    auth.login.mockRejectedValue(httpError(401, { detail: 'No active account found with the given credentials' }))
    await fillAndSubmit(wrapper, 'demo', 'wrong')
    expect(wrapper.find('[role="alert"]').text()).toBe('用户名或密码错误')
    expect(wrapper.find('input[type="checkbox"]').element.closest('label')?.textContent?.trim()).toBe('记住我')
    auth.idleLapsed = true
    await flushPromises()
    expect(wrapper.find('[role="status"]').text()).toBe('由于 30 分钟内无操作,已自动退出登录')
  })
})
