import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { routes } from '@/router/routes'
import { LOCALE_COOKIE } from '@/i18n/locales'
import { chooseLocale, choosePage } from '../../deploy/prerender/pages'

describe('chooseLocale (which language a server sends)', () => {
  it('takes the saved choice from the cookie, whatever Accept-Language says', () => {
    expect(chooseLocale(`a=1; ${LOCALE_COOKIE}=zh-CN; b=2`, 'en-US,en;q=0.9')).toBe('zh-CN')
    expect(chooseLocale(`${LOCALE_COOKIE}=en`, 'zh-CN,zh;q=0.9')).toBe('en')
  })

  it("else the browser's first language: zh-* is Chinese, anything else English", () => {
    expect(chooseLocale(undefined, 'zh-TW,zh;q=0.9,en;q=0.8')).toBe('zh-CN')
    expect(chooseLocale('', 'zh')).toBe('zh-CN')
    expect(chooseLocale(undefined, 'en-GB,zh-CN;q=0.9')).toBe('en')
    expect(chooseLocale(undefined, 'fr-FR')).toBe('en')
    expect(chooseLocale(undefined, undefined)).toBe('en')
  })

  it('ignores a cookie that names no language of the app', () => {
    expect(chooseLocale(`${LOCALE_COOKIE}=fr`, 'zh-CN')).toBe('zh-CN')
    expect(chooseLocale(`x${LOCALE_COOKIE}=en`, 'zh-CN')).toBe('zh-CN')
  })
})

describe('choosePage (which file a server sends for a path)', () => {
  const router = createRouter({ history: createMemoryHistory(), routes })
  // One or more paths per route of the router, and paths that are none of them.
  const paths = [
    '/', '/login', '/login/', '/LOGIN', '/orders', '/orders/', '/Orders', '/orders/new', '/orders/7', '/orders/7/',
    '/orders/123/edit', '/session', '/session/', '/session/password', '/session/password/', '/session/passwords', '/orders/abc', '/orders/7/edit/x', '/orders/new/edit', '/sessions',
    '/login/x', '/no/such/page', '/404',
  ]

  it('agrees with the router: /login pre-rendered, its other pages the app frame, anything else the 404 page', () => {
    for (const path of paths) {
      const route = router.resolve(path)
      const expected =
        route.name === 'login'
          ? { kind: 'prerendered', file: 'zh-CN/login.html', status: 200 }
          : route.name === 'not-found'
            ? { kind: 'prerendered', file: 'zh-CN/404.html', status: 404 }
            : { kind: 'app-frame' }
      expect({ path, choice: choosePage(path, 'zh-CN') }).toEqual({ path, choice: expected })
    }
  })

  it('has a path for every route (a new route must be added here and to CLIENT_RENDERED_PATH)', () => {
    const covered = new Set(paths.map((path) => router.resolve(path).matched.at(-1)?.path))
    for (const route of routes) expect(covered, `no sample path for ${route.path}`).toContain(route.path)
  })

  it('sends the language asked for', () => {
    expect(choosePage('/login', 'en')).toEqual({ kind: 'prerendered', file: 'en/login.html', status: 200 })
    expect(choosePage('/nope', 'en')).toEqual({ kind: 'prerendered', file: 'en/404.html', status: 404 })
  })
})
