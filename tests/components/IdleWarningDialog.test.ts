import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { reactive } from 'vue'
import { i18n, setLocale } from '@/i18n'
import IdleWarningDialog from '@/components/IdleWarningDialog.vue'
import { IDLE_WARNING_ATTRIBUTE } from '@django-jwt/session'

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0)
const auth = reactive({
  deadline: NOW + 42_000,
  idleRemainingMs: () => Math.max(0, auth.deadline - Date.now()),
  stayActive: vi.fn(),
  logout: vi.fn(async () => undefined),
})
vi.mock('@/stores/auth', () => ({ useAuthStore: () => auth }))

enableAutoUnmount(afterEach)

async function mountDialog() {
  const wrapper = mount(IdleWarningDialog, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const button = (name: string) => [...document.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name)

describe('IdleWarningDialog', () => {
  beforeEach(async () => {
    await setLocale('en')
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(NOW)
    auth.deadline = NOW + 42_000
    auth.stayActive.mockClear()
    auth.logout.mockClear()
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('is an alert dialog named "Still there?" that counts down live', async () => {
    await mountDialog()
    const dialog = document.querySelector('[role="alertdialog"]')!
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('Still there?')
    const description = () => document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent?.trim()
    expect(description()).toBe('For your security you will be signed out in 00:42 unless you continue.')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(description()).toContain('00:32')
    expect(dialog.querySelector('.idle-warning__countdown')?.textContent).toBe('00:32')
    await vi.advanceTimersByTimeAsync(40_000)
    expect(description()).toContain('00:00')
  })

  it('follows the deadline when activity elsewhere moves it', async () => {
    await mountDialog()
    auth.deadline = NOW + 30 * 60_000
    await vi.advanceTimersByTimeAsync(1000)
    expect(document.querySelector('.idle-warning__countdown')?.textContent).toBe('29:59')
  })

  it('"Stay signed in" counts as activity, has the focus, and is marked so input inside doesn’t dismiss the dialog', async () => {
    await mountDialog()
    const stay = button('Stay signed in')!
    expect(document.activeElement).toBe(stay)
    expect(stay.closest(`[${IDLE_WARNING_ATTRIBUTE}]`)).not.toBeNull()
    stay.click()
    expect(auth.stayActive).toHaveBeenCalledTimes(1)
    expect(auth.logout).not.toHaveBeenCalled()
  })

  it('"Log out" logs out, once however often it is pressed', async () => {
    await mountDialog()
    button('Log out')!.click()
    button('Log out')!.click()
    await flushPromises()
    expect(auth.logout).toHaveBeenCalledTimes(1)
    expect(auth.stayActive).not.toHaveBeenCalled()
  })

  it('speaks Chinese', async () => {
    await setLocale('zh-CN')
    await mountDialog()
    expect(button('保持登录')).toBeDefined()
    expect(button('退出登录')).toBeDefined()
    expect(document.querySelector('#idle-warning-text')?.textContent?.trim()).toBe('为了账号安全,如无操作,将在 00:42 后退出登录。')
  })
})
