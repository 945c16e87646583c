/**
 * Mock only: the answers in Chinese (Accept-Language: zh-CN), one per kind of message, with the texts the server
 * (Django 5.2 + DRF 3.18 + simplejwt 5.5 and the project's catalog, server/locale) gives for the same requests, and
 * the few that the drf-jwt dialect's older stack (Django 3.2 + DRF 3.14) answers otherwise; and LocaleMiddleware's
 * Content-Language / Vary headers on every kind of answer.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { useMockBackend } from '../../support/mock-backend'
import { claimsOf, login, raw, rawFetch } from './helpers'

const START = Date.UTC(2026, 10, 23, 12, 0, 0)
let now = START
const backend = useMockBackend({ now: () => now })
beforeEach(() => {
  now = START
})

const ZH = { 'Accept-Language': 'zh-CN' }
const ZH_JSON = { ...ZH, 'Content-Type': 'application/json' }

function zh(method: string, path: string, options: { headers?: Record<string, string>; data?: unknown } = {}) {
  return raw(method, path, { ...options, headers: { ...ZH, ...options.headers } })
}

async function zhAuthorized(): Promise<Record<string, string>> {
  const { access } = await login()
  return { ...ZH_JSON, Authorization: `JWT ${access}` }
}

describe('validation messages in Chinese', () => {
  it.each([
    ['required', {}, 'item', '该字段是必填项。'],
    ['blank', { item: '' }, 'item', '该字段不能为空。'],
    ['max length', { item: 'x'.repeat(101) }, 'item', '请确保这个字段不能超过 100 个字符。'],
    ['min value', { quantity: 0 }, 'quantity', '请确保该值大于或者等于 1。'],
    ['min value of a decimal', { price: '-1' }, 'price', '请确保该值大于或者等于 0。'],
    ['decimal places', { price: '1.234' }, 'price', '请确保总计不超过 2 个小数位。'],
    ['total digits', { price: '123456789.12' }, 'price', '请确保总计不超过 10 个数字。'],
    ['whole digits', { price: 123456789 }, 'price', '请确保小数点前不超过 8 个数字。'],
    ['not an integer', { quantity: 'abc' }, 'quantity', '请填写合法的整数值。'],
    ['not a number', { price: 'abc' }, 'price', '请填写合法的数字。'],
    ['choice', { status: 'bogus' }, 'status', '“bogus” 不是合法选项。'],
    ['null', { note: null }, 'note', '该字段不能为 null。'],
    // DRF 3.18's catalog has a text for it (3.14's had none: see the drf-jwt stack below).
    ['not a string', { note: ['a'] }, 'note', '不是有效的字符串。'],
  ])('%s', async (_kind, change, field, message) => {
    const headers = await zhAuthorized()
    const valid = { item: 'Thing', quantity: 1, price: '1.00' }
    const body = Object.keys(change).length ? { ...valid, ...change } : { quantity: 1, price: '1.00' }
    const response = await raw('POST', '/orders/', { headers, data: body })
    expect(response.status).toBe(400)
    expect(response.data).toEqual({ [field]: [message] })
  })

  it('names the Python type in a non-object body, inside the Chinese sentence', async () => {
    const response = await raw('POST', '/orders/', { headers: await zhAuthorized(), data: '[1]' })
    expect(response.data).toEqual({ non_field_errors: ['无效数据。期待为字典类型，得到的是 list 。'] })
  })

  it('login: missing fields, wrong credentials', async () => {
    expect((await zh('POST', '/token/', { data: {} })).data).toEqual({ username: ['该字段是必填项。'], password: ['该字段是必填项。'] })
    const wrong = await zh('POST', '/token/', { data: { username: 'demo', password: 'nope' } })
    expect(wrong.status).toBe(401)
    expect(wrong.data).toEqual({ detail: '找不到指定凭据对应的有效用户' })
  })
})

describe('errors in Chinese', () => {
  it('not found and invalid page; an order not found keeps Django’s untranslated Http404 message (DRF 3.15+)', async () => {
    const headers = await zhAuthorized()
    expect((await raw('GET', '/orders/abc/', { headers })).data).toEqual({ detail: '未找到。' })
    expect((await raw('GET', '/orders/9999/', { headers })).data).toEqual({ detail: 'No Order matches the given query.' })
    expect((await raw('GET', '/orders/?page=99', { headers })).data).toEqual({ detail: '无效页面。' })
  })

  it('not authenticated and a bad Authorization header', async () => {
    expect((await zh('GET', '/me/')).data).toEqual({ detail: '身份认证信息未提供。' })
    expect((await zh('GET', '/me/', { headers: { Authorization: 'JWT a b' } })).data).toEqual({
      detail: '授权头必须包含两个用空格分隔的值',
      code: 'bad_authorization_header',
    })
  })

  it('an invalid, an expired and a wrong-type token on a protected endpoint', async () => {
    const { access, refresh } = await login()
    const refused = (message: string) => ({
      detail: '此令牌对任何类型的令牌无效',
      code: 'token_not_valid',
      messages: [{ token_class: 'AccessToken', token_type: 'access', message }],
    })
    // simplejwt 5.5's catalog leaves these two in English; the project's catalog (server/locale) translates them.
    expect((await zh('GET', '/me/', { headers: { Authorization: 'JWT garbage' } })).data).toEqual(refused('令牌无效'))
    expect((await zh('GET', '/me/', { headers: { Authorization: `JWT ${refresh}` } })).data).toEqual(refused('令牌类型错误'))
    now = START + 301_000
    expect((await zh('GET', '/me/', { headers: { Authorization: `JWT ${access}` } })).data).toEqual(refused('令牌已过期'))
  })

  it('token endpoints: invalid, expired, wrong type, blacklisted', async () => {
    const { access, refresh } = await login()
    expect((await zh('POST', '/token/refresh/', { data: { refresh: 'garbage' } })).data).toEqual({ detail: '令牌无效', code: 'token_not_valid' })
    expect((await zh('POST', '/token/refresh/', { data: { refresh: access } })).data).toEqual({ detail: '令牌类型错误', code: 'token_not_valid' })
    expect((await zh('POST', '/token/blacklist/', { data: { refresh } })).status).toBe(200)
    const blacklisted = await zh('POST', '/token/refresh/', { data: { refresh } })
    expect(blacklisted.status).toBe(401)
    expect(blacklisted.data).toEqual({ detail: '令牌已被加入黑名单', code: 'token_not_valid' })
    now = START + 86_401_000
    expect((await zh('POST', '/token/verify/', { data: { token: access } })).data).toEqual({ detail: '令牌已过期', code: 'token_not_valid' })
  })

  it('a token without exp names the claim inside the Chinese sentence', async () => {
    const token = await backend().signToken({ token_type: 'access', jti: 'a'.repeat(32), user_id: 1 })
    expect((await zh('GET', '/me/', { headers: { Authorization: `JWT ${token}` } })).data).toMatchObject({
      messages: [{ message: "令牌没有 'exp' 声明" }],
    })
  })

  it('verify of a blacklisted token (rotation on) is translated (simplejwt 5.5), and so is the server’s own version check', async () => {
    backend().settings.rotate = true
    const { refresh } = await login()
    await zh('POST', '/token/refresh/', { data: { refresh } })
    expect((await zh('POST', '/token/verify/', { data: { token: refresh } })).data).toEqual({ non_field_errors: ['令牌已被加入黑名单'] })
    // A refresh token without a session, of an older version, that the server never recorded (minted): accounts'
    // SessionTokenVerifySerializer.
    const fresh = await login()
    await raw('POST', '/me/logout-all/', { headers: { Authorization: `JWT ${fresh.access}` } })
    const { sid: _sid, ...claims } = claimsOf(fresh.refresh)
    const minted = await backend().signToken({ ...claims, jti: 'b'.repeat(32) })
    expect((await zh('POST', '/token/verify/', { data: { token: minted } })).data).toEqual({ non_field_errors: ['令牌已被加入黑名单'] })
  })

  it('method not allowed names the method inside the Chinese sentence', async () => {
    const response = await zh('GET', '/token/')
    expect(response.status).toBe(405)
    expect(response.data).toEqual({ detail: '方法 “GET” 不被允许。' })
  })

  it('unsupported media type', async () => {
    const response = await rawFetch('/token/', { method: 'POST', headers: { ...ZH, 'Content-Type': 'text/plain' }, body: 'demo' })
    expect(await response.json()).toEqual({ detail: '不支持请求中的媒体类型 “text/plain”。' })
  })

  it('a JSON parse error stays English, prefix and reason: DRF does not mark it for translation', async () => {
    const response = await rawFetch('/token/', { method: 'POST', headers: ZH_JSON, body: '{' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ detail: 'JSON parse error - Expecting property name enclosed in double quotes: line 1 column 2 (char 1)' })
  })

  it('the HTML 404 page is Django’s English one', async () => {
    const response = await rawFetch('/nope/', { headers: ZH })
    expect(response.status).toBe(404)
    const html = await response.text()
    expect(html).toContain('<title>Not Found</title>')
    expect(html).toContain('<h1>Not Found</h1><p>The requested resource was not found on this server.</p>')
  })

  it('the django_language cookie wins over Accept-Language', async () => {
    // The page's cookie, as a browser sends it (a script can't set a Cookie header).
    document.cookie = 'django_language=zh-hans; path=/'
    try {
      const response = await raw('GET', '/me/', { headers: { 'Accept-Language': 'en' } })
      expect(response.data).toEqual({ detail: '身份认证信息未提供。' })
      expect(response.headers['content-language']).toBe('zh-hans')
    } finally {
      document.cookie = 'django_language=; path=/; max-age=0'
    }
  })
})

describe('Content-Language and Vary (LocaleMiddleware)', () => {
  it.each([
    ['zh-CN', 'zh-hans'],
    ['zh-TW', 'zh-hans'],
    ['fr, zh;q=0.5', 'zh-hans'],
    ['en-US', 'en'],
    ['fr', 'en'],
  ])('Accept-Language %s is answered in %s', async (acceptLanguage, language) => {
    const response = await raw('GET', '/me/', { headers: { 'Accept-Language': acceptLanguage } })
    expect(response.headers['content-language']).toBe(language)
  })

  it('no Accept-Language: English', async () => {
    const response = await rawFetch('/me/')
    expect(response.headers.get('content-language')).toBe('en')
    expect((await response.json()).detail).toBe('Authentication credentials were not provided.')
  })

  it('API answers vary on Accept (DRF) and Accept-Language, whatever the status', async () => {
    const headers = await zhAuthorized()
    const answers = [
      await raw('GET', '/orders/', { headers }),
      await raw('POST', '/orders/', { headers, data: {} }),
      await zh('GET', '/me/'),
      await raw('GET', '/orders/9999/', { headers }),
      await zh('GET', '/token/'),
      await raw('DELETE', '/orders/1/', { headers }),
      await zh('OPTIONS', '/token/'),
    ]
    expect(answers.map((answer) => answer.status)).toEqual([200, 400, 401, 404, 405, 204, 200])
    for (const answer of answers) {
      expect(answer.headers.vary).toBe('Accept, Accept-Language')
      expect(answer.headers['content-language']).toBe('zh-hans')
    }
    expect(answers[5]?.headers['content-type']).toBeUndefined() // 204: DRF drops it with the empty body
  })

  it('Django’s own answers (HTML 404, APPEND_SLASH 301) vary on Accept-Language only', async () => {
    for (const response of [await rawFetch('/nope/', { headers: ZH }), await rawFetch('/orders', { headers: ZH })]) {
      expect(response.headers.get('vary')).toBe('Accept-Language')
      expect(response.headers.get('content-language')).toBe('zh-hans')
    }
  })

  it('a 500 from the mock’s faults carries them too', async () => {
    backend().failNext(500)
    const response = await rawFetch('/me/', { headers: ZH })
    expect(response.status).toBe(500)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('vary')).toBe('Accept-Language')
    expect(response.headers.get('content-language')).toBe('zh-hans')
  })
})

describe('the drf-jwt dialect’s stack (Django 3.2, DRF 3.14) in Chinese', () => {
  beforeEach(() => {
    backend().settings.dialect = 'drf-jwt'
  })

  async function drfJwtAuthorized(): Promise<Record<string, string>> {
    const response = await zh('POST', '/api-token-auth/', { data: { username: 'demo', password: 'demo123' } })
    return { ...ZH_JSON, Authorization: `JWT ${(response.data as { token: string }).token}` }
  }

  it('leaves "Not a valid string." in English (DRF 3.14 has no text for it) and says "Not found." for any order', async () => {
    const headers = await drfJwtAuthorized()
    const invalid = await raw('POST', '/orders/', { headers, data: { item: 'Thing', quantity: 1, price: '1.00', note: ['a'] } })
    expect(invalid.data).toEqual({ note: ['Not a valid string.'] })
    expect((await raw('GET', '/orders/9999/', { headers })).data).toEqual({ detail: '未找到。' })
    expect((await raw('GET', '/orders/abc/', { headers })).data).toEqual({ detail: '未找到。' })
  })

  it('translates the two djangorestframework-jwt messages rest_framework’s catalog has, and no other', async () => {
    expect((await zh('POST', '/api-token-auth/', { data: { username: 'demo', password: 'x' } })).data).toEqual({ non_field_errors: ['无法使用提供的认证信息登录。'] })
    expect((await zh('GET', '/me/', { headers: { Authorization: 'JWT garbage' } })).data).toEqual({ detail: 'Error decoding signature.' })
  })

  it('sends its error pages as "text/html", without a charset', async () => {
    const response = await rawFetch('/nope/', { headers: ZH })
    expect([response.status, response.headers.get('content-type')]).toEqual([404, 'text/html'])
  })
})
