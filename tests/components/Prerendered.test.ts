/**
 * The pre-rendered pages (src/entry-prerender.ts, as the build renders them) hydrate the way main.ts does it,
 * with Vue's development checks on: any mismatch between the server's HTML and the app's render is a warning.
 */
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, nextTick, reactive } from 'vue'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import App from '@/App.vue'
import { render } from '@/entry-prerender'
import { i18n } from '@/i18n'
import type { AppLocale } from '@/i18n/locales'
import { canHydrate, mountOver } from '@/prerendered'
import { routes } from '@/router/routes'

const auth = reactive({
  isLoggedIn: false,
  rememberMe: true,
  idleLapsed: false,
  idleMs: 30 * 60_000,
  login: vi.fn<(credentials: { username: string; password: string }, options: { remember: boolean }) => Promise<void>>(
    () => new Promise(() => undefined),
  ),
})
vi.mock('@/stores/auth', () => ({ useAuthStore: () => auth }))

/** Puts the build's HTML for `path` in the page and makes the app main.ts would mount over it (not mounted yet). */
async function serverPage(path: string, locale: AppLocale) {
  const page = await render(path, locale)
  document.body.innerHTML = page.appHtml
  const container = document.querySelector('#app')!
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  const app = createSSRApp(App).use(createPinia()).use(i18n).use(router)
  return { page, container, router, app }
}

/** serverPage(), then hydrates it like main.ts; returns what Vue complained about. */
async function hydrate(path: string, locale: AppLocale, beforeHydrating: (container: Element) => void = () => undefined) {
  const { page, container, router, app } = await serverPage(path, locale)
  beforeHydrating(container)
  const complaints = [vi.spyOn(console, 'warn'), vi.spyOn(console, 'error')]
  const hydratable = canHydrate(container, router.currentRoute.value.name, i18n.global.locale.value)
  await mountOver(app, container, true)
  await flushPromises()
  const messages = complaints.flatMap((spy) => spy.mock.calls.map((call) => call.map(String).join(' ')))
  return { app, container, page, hydratable, messages }
}

describe('pre-rendered pages', () => {
  afterEach(() => {
    document.body.innerHTML = ''
    Object.assign(auth, { rememberMe: true, idleLapsed: false })
    auth.login.mockClear()
  })

  it.each([
    ['en', 'Log in to your orders', 'Log in'],
    ['zh-CN', '登录查看订单', '登录'],
  ] as const)('/login in %s hydrates without a warning, keeping the same elements', async (locale, heading, button) => {
    let serverMain: Element | null = null
    const { app, container, page, hydratable, messages } = await hydrate('/login', locale, (root) => {
      serverMain = root.querySelector('main')
    })
    expect(page.routeName).toBe('login')
    expect(hydratable).toBe(true)
    expect(messages).toEqual([])
    expect(container.querySelector('main')).toBe(serverMain)
    expect(container.querySelector('h1')?.textContent).toBe(heading)
    expect(container.querySelector('button[type="submit"]')?.textContent?.trim()).toBe(button)
    app.unmount()
  })

  it('/login hydrates in two tasks: the page as it mounts, its form in the next task', async () => {
    const { container, app } = await serverPage('/login', 'en')
    const hydrated = mountOver(app, container, true)
    await nextTick() // the page's own re-render (its buttons enabled) runs in this task; the form's timer cannot
    const localeButtons = [...container.querySelectorAll<HTMLButtonElement>('.locale-switch button')]
    const submit = () => container.querySelector<HTMLButtonElement>('button[type="submit"]')!
    expect(localeButtons.map((button) => button.disabled)).toEqual([false, false])
    expect(submit().disabled).toBe(true) // the form is still the server's HTML
    await hydrated
    await flushPromises()
    expect(submit().disabled).toBe(false)
    app.unmount()
  })

  it('/login is disabled until the app has taken over, then usable', async () => {
    const page = await render('/login', 'en')
    expect(page.appHtml).toMatch(/<button type="submit"[^>]* disabled/)
    const { app, container } = await hydrate('/login', 'en')
    expect(container.querySelector<HTMLButtonElement>('button[type="submit"]')?.disabled).toBe(false)
    app.unmount()
  })

  it('what was typed before the app took over reaches the form', async () => {
    const { app, container } = await hydrate('/login', 'en', (root) => {
      root.querySelector<HTMLInputElement>('input[name="username"]')!.value = 'demo'
      root.querySelector<HTMLInputElement>('input[name="password"]')!.value = 'demo123'
    })
    expect(container.querySelector<HTMLInputElement>('input[name="username"]')?.value).toBe('demo')
    container.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }))
    await vi.waitFor(() => expect(auth.login).toHaveBeenCalledWith({ username: 'demo', password: 'demo123' }, { remember: true }))
    app.unmount()
  })

  it("this browser's own state (Remember me off, signed out for inactivity) appears after hydrating, without a warning", async () => {
    Object.assign(auth, { rememberMe: false, idleLapsed: true })
    const page = await render('/login', 'en')
    expect(page.appHtml).toMatch(/<input checked type="checkbox" name="remember"/)
    expect(page.appHtml).not.toContain('role="status"')
    const { app, container, messages } = await hydrate('/login', 'en')
    expect(messages).toEqual([])
    expect(container.querySelector<HTMLInputElement>('input[name="remember"]')?.checked).toBe(false)
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Signed out after 30 minutes without activity')
    app.unmount()
  })

  it('a box ticked before the app took over stays ticked, over the remembered choice', async () => {
    Object.assign(auth, { rememberMe: true })
    const { app, container } = await hydrate('/login', 'en', (root) => {
      root.querySelector<HTMLInputElement>('input[name="username"]')!.value = 'demo'
      root.querySelector<HTMLInputElement>('input[name="password"]')!.value = 'demo123'
      root.querySelector<HTMLInputElement>('input[name="remember"]')!.checked = false
    })
    expect(container.querySelector<HTMLInputElement>('input[name="remember"]')?.checked).toBe(false)
    container.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }))
    await vi.waitFor(() => expect(auth.login).toHaveBeenCalledWith({ username: 'demo', password: 'demo123' }, { remember: false }))
    app.unmount()
  })

  it.each(['en', 'zh-CN'] as const)('the not-found page in %s hydrates without a warning', async (locale) => {
    const { app, page, hydratable, messages } = await hydrate('/404', locale)
    expect(page.routeName).toBe('not-found')
    expect(page.title).toBe(locale === 'en' ? 'Page not found · Orders' : '页面不存在 · 订单')
    expect(hydratable).toBe(true)
    expect(messages).toEqual([])
    app.unmount()
  })

  it('is not hydrated in another language or on another page', async () => {
    const page = await render('/login', 'en')
    document.body.innerHTML = page.appHtml
    const container = document.querySelector('#app')!
    expect(canHydrate(container, 'login', 'zh-CN')).toBe(false)
    expect(canHydrate(container, 'orders', 'en')).toBe(false)
    expect(canHydrate(container, 'login', 'en')).toBe(true)
  })
})
