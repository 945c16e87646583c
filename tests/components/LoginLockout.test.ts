/**
 * The login page locked out (429): the real store and session against the mock backend, which locks the pair after
 * a few wrong passwords. Fake timers and a fake Date drive both the page's countdown and the mock's clock: the
 * countdown ticks each second, "Log in" stays disabled, no request reaches the server until the time is up, and
 * then the form is usable again with what was typed kept.
 */
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '@/i18n'
import { browserSession } from '@/browserSession'

const { clock: serverClock, session } = browserSession
import { useMockBackend } from '../support/mock-backend'
import { fieldByLabel, mountAt } from './harness'

// The page a login lands on starts loading; it never answers here.
vi.mock('@/api/orders', () => ({ getOrder: () => new Promise(() => undefined), listOrders: () => new Promise(() => undefined) }))

const backend = useMockBackend({ loginFailureLimit: 2, loginCooloffSeconds: 65, latencyMs: 0 })

type Wrapper = Awaited<ReturnType<typeof mountAt>>['wrapper']

const submitButton = (wrapper: Wrapper) => wrapper.find('button[type="submit"]')
const timer = (wrapper: Wrapper) => wrapper.find('[role="timer"]')
/** Token requests the mock backend answered. */
const tokenCalls = () => backend().calls.filter((call) => call.path === '/api/token/').length

async function type(wrapper: Wrapper, username: string, password: string): Promise<void> {
  await wrapper.find('input[name="username"]').setValue(username)
  await wrapper.find('input[name="password"]').setValue(password)
}

/**
 * Waits for `done` on real macrotasks (setImmediate is not faked), so the fake clock stands still meanwhile
 * (vi.waitFor would move it).
 */
async function until(done: () => boolean, what: string): Promise<void> {
  for (let turn = 0; !done(); turn++) {
    if (turn > 5000) throw new Error(`never: ${what}`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Submits and waits until the answer is on the page (the request runs on real promises, no timer). */
async function submit(wrapper: Wrapper, calls: number): Promise<void> {
  await wrapper.find('form').trigger('submit')
  await until(() => tokenCalls() === calls, `${calls} token requests`)
  await until(() => wrapper.find('form').attributes('aria-busy') === 'false', 'the answer on the page')
  await flushPromises()
}

/** Two wrong passwords lock the pair; the third try (the right password) gets the 429. */
async function lockOut(wrapper: Wrapper, wrongPassword = 'Incorrect username or password'): Promise<void> {
  await type(wrapper, 'demo', 'wrong')
  await submit(wrapper, 1)
  await submit(wrapper, 2)
  expect(wrapper.find('[role="alert"]').text()).toBe(wrongPassword)
  await type(wrapper, 'demo', 'demo123')
  await submit(wrapper, 3)
  expect(backend().calls.at(-1)?.status).toBe(429)
}

describe('the login page locked out', () => {
  beforeEach(() => {
    // Only timers and Date: the requests' promises stay real. The mock's clock is Date.now too.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: Date.UTC(2026, 11, 7, 6, 30) })
    // The app's clock read the real Date.now when it was made: it reads the fake one here.
    vi.spyOn(serverClock, 'localNow').mockImplementation(() => Date.now())
    session.expire('refresh-expired')
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('counts down each second with Log in disabled, sends nothing, then lets the typed password in', async () => {
    const { wrapper, router } = await mountAt('/login')
    await lockOut(wrapper)
    expect(timer(wrapper).text()).toBe('Too many failed attempts. Try again in\u00a01:05.')
    expect(submitButton(wrapper).attributes('disabled')).toBeDefined()
    expect(submitButton(wrapper).attributes('aria-describedby')).toBe(timer(wrapper).attributes('id'))

    await vi.advanceTimersByTimeAsync(1000)
    expect(timer(wrapper).text()).toBe('Too many failed attempts. Try again in\u00a01:04.')
    await vi.advanceTimersByTimeAsync(5000)
    expect(timer(wrapper).text()).toBe('Too many failed attempts. Try again in\u00a00:59.')

    // Enter (the form's submit) and clicks while locked: nothing is sent.
    await wrapper.find('form').trigger('submit')
    await submitButton(wrapper).trigger('click')
    await flushPromises()
    expect(tokenCalls()).toBe(3)

    await vi.advanceTimersByTimeAsync(58_999)
    expect(timer(wrapper).text()).toBe('Too many failed attempts. Try again in\u00a00:01.')
    expect(submitButton(wrapper).attributes('disabled')).toBeDefined()
    await vi.advanceTimersByTimeAsync(1)
    expect(timer(wrapper).exists()).toBe(false)
    expect(submitButton(wrapper).attributes('disabled')).toBeUndefined()
    expect(tokenCalls()).toBe(3)

    // What was typed is still there: one tap logs in (the mock's lockout ended at the same second).
    expect((fieldByLabel(wrapper, 'Username').find('input').element as HTMLInputElement).value).toBe('demo')
    expect((fieldByLabel(wrapper, 'Password').find('input').element as HTMLInputElement).value).toBe('demo123')
    await wrapper.find('form').trigger('submit')
    await until(() => tokenCalls() === 4, 'the fourth token request')
    expect(backend().calls.find((call) => call.path === '/api/token/' && call.status === 200)).toBeDefined()
    await until(() => router.currentRoute.value.name === 'orders', 'the order list')
  })

  it('counts down in Chinese', async () => {
    const { wrapper } = await mountAt('/login')
    await setLocale('zh-CN')
    await lockOut(wrapper, '用户名或密码错误')
    expect(timer(wrapper).text()).toBe('失败次数过多，请在 1\u00a0分\u00a05\u00a0秒后重试。')
    await vi.advanceTimersByTimeAsync(6000)
    expect(timer(wrapper).text()).toBe('失败次数过多，请在 59\u00a0秒后重试。')
    await vi.advanceTimersByTimeAsync(59_000)
    expect(timer(wrapper).exists()).toBe(false)
    await setLocale('en')
  })

  it("counts from the answer's arrival: a clock far off the server's changes nothing", async () => {
    // This machine's clock is an hour behind the server's (the mock's): the wait is still 65 s from the answer.
    const start = Date.now()
    backend().setNow(() => Date.now() + 3_600_000)
    const { wrapper } = await mountAt('/login')
    await lockOut(wrapper)
    expect(timer(wrapper).text()).toBe('Too many failed attempts. Try again in\u00a01:05.')
    await vi.advanceTimersByTimeAsync(65_000)
    expect(timer(wrapper).exists()).toBe(false)
    expect(Date.now() - start).toBe(65_000)
  })
})
