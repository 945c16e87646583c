import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { isSafeRedirectPath } from '@packages/session/redirect'
import { resolveRedirect } from '@/router/redirect'
import { HOME_ROUTE, routes } from '@/router/routes'

const router = createRouter({ history: createMemoryHistory(), routes })

const hostile = [
  'https://evil.example',
  'http://evil.example/orders',
  'HTTPS://evil.example',
  '//evil.example',
  '///evil.example',
  '////evil.example/orders',
  '/\\evil.example',
  '\\\\evil.example',
  '\\/evil.example',
  '/%2F%2Fevil.example',
  '/%2f%2fevil.example',
  '/%252F%252Fevil.example',
  '%2F%2Fevil.example',
  '/%5Cevil.example',
  '/%5cevil.example',
  '/\t/evil.example',
  '/%09/evil.example',
  '/\n/evil.example',
  ' /orders',
  '\u2028/orders',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  '/javascript:alert(1)//%0a',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'https:evil.example',
  'http:/evil.example',
  'evil.example',
  'orders/7',
  '',
  '/%E0%A4%A',
  `/${'a'.repeat(3000)}`,
]

describe('isSafeRedirectPath', () => {
  it.each(hostile)('refuses %j', (target) => {
    expect(isSafeRedirectPath(target)).toBe(false)
  })

  it.each(['/orders', '/orders/7', '/orders?page=2', '/session#countdown', '/orders/7/edit'])('accepts %j', (target) => {
    expect(isSafeRedirectPath(target)).toBe(true)
  })

  it.each([undefined, null, 42, {}, ['/orders']])('refuses the non-string %j', (target) => {
    expect(isSafeRedirectPath(target)).toBe(false)
  })
})

describe('resolveRedirect', () => {
  it.each(hostile)('falls back to the home page for %j', (target) => {
    expect(resolveRedirect(router, target)).toEqual(HOME_ROUTE)
  })

  it('keeps a path to a real page, query and hash included', () => {
    expect(resolveRedirect(router, '/orders/7?from=mail#top')).toBe('/orders/7?from=mail#top')
    expect(resolveRedirect(router, ['/session'])).toBe('/session')
  })

  it.each(['/login', '/login?redirect=/orders', '/no/such/page', '/orders/abc', '/..//evil.example'])(
    'refuses %j, which is the login page or no page at all',
    (target) => {
      expect(resolveRedirect(router, target)).toEqual(HOME_ROUTE)
    },
  )
})
