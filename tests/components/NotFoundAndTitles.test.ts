import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '@/i18n'
import { routes } from '@/router/routes'
import { installPageTitles } from '@/router/titles'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { buttonByText, mountAt } from './harness'

// Read as plain JSON: the import would give the precompiled messages.
const readMessages = (name: string) => JSON.parse(readFileSync(resolve(process.cwd(), `src/i18n/locales/${name}.json`), 'utf8'))
const en = readMessages('en')
const zhCN = readMessages('zh-CN')

vi.mock('@/stores/auth', () => ({ useAuthStore: () => ({ isLoggedIn: true }) }))
vi.mock('@/api/orders', () => ({ listOrders: () => new Promise(() => undefined) }))

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key))
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('NotFoundPage', () => {
  it('says the page does not exist and leads back to the orders', async () => {
    const { wrapper, router } = await mountAt('/no/such/page')
    expect(router.currentRoute.value.name).toBe('not-found')
    expect(wrapper.find('h1').text()).toBe('Page not found')
    await buttonByText(wrapper, 'Go to orders').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('orders'), { timeout: 5000 })
  })
})

describe('installPageTitles', () => {
  it('titles each page and follows the language', async () => {
    await setLocale('en')
    const router = createRouter({ history: createMemoryHistory(), routes })
    installPageTitles(router, i18n)
    await router.push('/login')
    expect(document.title).toBe('Log in · Orders')
    await router.push('/orders/7/edit')
    expect(document.title).toBe('Edit order · Orders')
    await router.push('/orders')
    expect(document.title).toBe('Orders')
    await setLocale('zh-CN')
    await vi.waitFor(() => expect(document.title).toBe('订单列表 · 订单'))
    await setLocale('en')
  })
})

describe('messages', () => {
  it('has every key in both languages, a title for every route, and the seed texts', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort())
    for (const route of routes) if (route.meta?.titleKey) expect(keys(en)).toContain(route.meta.titleKey)
    expect(zhCN.errors.sessionExpired).toBe('登录过期,请重新登录')
    expect(zhCN.errors.notFound).toBe('网络请求不存在')
    expect(zhCN.login.wrongCredentials).toBe('用户名或密码错误')
  })
})
