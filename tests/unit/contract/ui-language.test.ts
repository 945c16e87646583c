/**
 * The app asks the server for its UI language: i18n hands the locale to the HTTP layer, which sends it as
 * Accept-Language on every API request (token endpoints included), so a Chinese UI gets the server's own
 * Chinese messages through the API layer.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { obtainToken } from '@/api/auth'
import { createOrder } from '@/api/orders'
import { LOCALE_STORAGE_KEY, setLocale } from '@/i18n'
import { setRequestLanguage } from '@/http/language'
import { useMockBackend } from '../../support/mock-backend'
import { DEMO, withToken } from './helpers'

const backend = useMockBackend()
const sent: Array<{ path: string; acceptLanguage: string | null }> = []

function recordAcceptLanguage({ request }: { request: Request }): void {
  sent.push({ path: new URL(request.url).pathname, acceptLanguage: request.headers.get('accept-language') })
}

beforeEach(() => {
  sent.length = 0
  backend.server.events.on('request:start', recordAcceptLanguage)
})
afterEach(() => {
  backend.server.events.removeListener('request:start', recordAcceptLanguage)
  setRequestLanguage(null)
  localStorage.removeItem(LOCALE_STORAGE_KEY)
})

describe('the UI language reaches the server', () => {
  it('a Chinese UI gets the server’s Chinese field errors, on token endpoints and the rest of the API', async () => {
    await setLocale('zh-CN')
    await expect(obtainToken({ username: '', password: '' })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { username: ['该字段不能为空。'], password: ['该字段不能为空。'] },
    })
    const { access } = await obtainToken(DEMO)
    await expect(createOrder({ item: '', quantity: 0, price: '1.234' }, withToken(access))).rejects.toMatchObject({
      status: 400,
      fieldErrors: { item: ['该字段不能为空。'], quantity: ['请确保该值大于或者等于 1。'], price: ['请确保总计不超过 2 个小数位。'] },
    })
    expect(sent.map((request) => request.acceptLanguage)).toEqual(['zh-CN', 'zh-CN', 'zh-CN'])
    expect(sent.map((request) => request.path)).toEqual(['/api/token/', '/api/token/', '/api/orders/'])
  })

  it('switching back to English switches the server’s answers too', async () => {
    await setLocale('zh-CN')
    await expect(obtainToken({ username: 'demo', password: 'nope' })).rejects.toMatchObject({ status: 401, detail: '找不到指定凭据对应的有效用户' })
    await setLocale('en')
    await expect(obtainToken({ username: 'demo', password: 'nope' })).rejects.toMatchObject({
      status: 401,
      detail: 'No active account found with the given credentials',
    })
    expect(sent.map((request) => request.acceptLanguage)).toEqual(['zh-CN', 'en'])
  })

  it('a request that names its own language keeps it', async () => {
    await setLocale('zh-CN')
    await expect(obtainToken({ username: 'demo', password: 'nope' }, { headers: { 'Accept-Language': 'en' } })).rejects.toMatchObject({
      detail: 'No active account found with the given credentials',
    })
  })
})
