/**
 * Issue 23, "never a 5xx": the mock answers hostile input as the project's server does (docs/contract-notes.md),
 * where stock simplejwt 5.5 and Django answer 500 or Django's HTML 400. tests/differential holds the same cases against
 * the real server; these pin the mock's answers exactly, in English and Chinese.
 */
import { describe, expect, it } from 'vitest'
import { newJti } from '../../../packages/mock/src/jwt'
import { useMockBackend } from '../../support/mock-backend'
import { DEMO, claimsOf, invalidAccessBody, login, raw, rawFetch, tokenNotValid } from './helpers'

const backend = useMockBackend()
const JSON_TYPE = { 'Content-Type': 'application/json' }
const INVALID = tokenNotValid('Token is invalid')

async function post(path: string, body: string | URLSearchParams, headers: Record<string, string> = JSON_TYPE) {
  const response = await rawFetch(path, { method: 'POST', body, headers })
  return { status: response.status, type: response.headers.get('content-type'), data: (await response.json()) as unknown }
}

describe('tokens signed with the right key, claims of the wrong type or size', () => {
  it('are refused like a forged token by authentication, refresh, verify and logout, in both languages', async () => {
    const pair = await login()
    for (const changed of [{ user_id: 'abc' }, { user_id: [1] }, { user_id: 2 ** 64 }, { exp: 2 ** 64 }, { jti: '\ud800' }, { sid: 'a\u0000b' }, { jti: 'j'.repeat(256) }]) {
      const access = await backend().signToken({ ...claimsOf(pair.access), ...changed })
      const me = await raw('GET', '/me/', { headers: { Authorization: `JWT ${access}` } })
      expect([me.status, me.data]).toEqual([401, invalidAccessBody('Token is invalid')])
      const refresh = await backend().signToken({ ...claimsOf(pair.refresh), ...changed })
      for (const [path, field] of [['/token/refresh/', 'refresh'], ['/token/blacklist/', 'refresh'], ['/token/verify/', 'token']] as const) {
        const response = await raw('POST', path, { data: { [field]: refresh } })
        expect([response.status, response.data]).toEqual([401, INVALID])
      }
      const chinese = await raw('POST', '/token/refresh/', { data: { refresh }, headers: { 'Accept-Language': 'zh-CN' } })
      expect([chinese.status, chinese.data]).toEqual([401, { detail: '令牌无效', code: 'token_not_valid' }])
    }
    // Nothing ended: the session's refresh token still works.
    expect((await raw('POST', '/token/refresh/', { data: { refresh: pair.refresh } })).status).toBe(200)
  })

  it('keeps what Django’s lookup takes: "1", " 1 " and 1.5 name user 1; an emoji (a surrogate pair) is text', async () => {
    const claims = claimsOf((await login()).access)
    for (const userId of ['1', ' 1 ', 1.5]) {
      const token = await backend().signToken({ ...claims, user_id: userId })
      expect((await raw('GET', '/me/', { headers: { Authorization: `JWT ${token}` } })).data).toEqual({ id: 1, username: 'demo' })
    }
    const emoji = await backend().signToken({ ...claims, note: '🙂' })
    expect((await raw('GET', '/me/', { headers: { Authorization: `JWT ${emoji}` } })).status).toBe(200)
  })

  it('a deleted user’s refresh token of no session is no active account', async () => {
    const now = Math.floor(Date.now() / 1000)
    const ghost = await backend().signToken({ token_type: 'refresh', exp: now + 60, iat: now, jti: newJti(), user_id: 99 })
    const chinese = await raw('POST', '/token/refresh/', { data: { refresh: ghost }, headers: { 'Accept-Language': 'zh-CN' } })
    expect([chinese.status, chinese.data]).toEqual([401, { detail: '找不到指定令牌对应的有效用户', code: 'no_active_account' }])
  })
})

describe('bodies', () => {
  it('JSON nested too deep for Python is DRF’s ParseError', async () => {
    expect(await post('/token/', '['.repeat(5000) + ']'.repeat(5000))).toEqual({
      status: 400,
      type: 'application/json',
      data: { detail: 'JSON parse error - maximum recursion depth exceeded while decoding a JSON array from a unicode string' },
    })
    expect((await post('/token/', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000))).data).toEqual({
      detail: 'JSON parse error - maximum recursion depth exceeded while decoding a JSON object from a unicode string',
    })
    // Shallow nesting is ordinary JSON.
    expect((await post('/token/', '['.repeat(50) + ']'.repeat(50))).status).toBe(400)
  })

  it('a body over DATA_UPLOAD_MAX_MEMORY_SIZE is 413 request_too_large, in both languages; too many form fields a ParseError', async () => {
    const big = JSON.stringify({ ...DEMO, password: 'x'.repeat(2_621_440) })
    expect(await post('/token/', big)).toEqual({ status: 413, type: 'application/json', data: { detail: 'Request body too large.', code: 'request_too_large' } })
    expect((await post('/token/', big, { ...JSON_TYPE, 'Accept-Language': 'zh-CN' })).data).toEqual({ detail: '请求体过大。', code: 'request_too_large' })
    const fields = new URLSearchParams()
    for (let i = 0; i <= 1000; i++) fields.append(`f${i}`, '1')
    expect(await post('/token/', fields, {})).toEqual({
      status: 400,
      type: 'application/json',
      data: { detail: 'The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.' },
    })
  })

  it('NUL and lone surrogates are DRF’s field errors (every validator’s at once), translated where the server translates them', async () => {
    const body = JSON.stringify({ username: 'de\u0000mo', password: 'x\udfff' })
    expect((await post('/token/', body)).data).toEqual({ username: ['Null characters are not allowed.'], password: ['Surrogate characters are not allowed: U+DFFF.'] })
    expect((await post('/token/', body, { ...JSON_TYPE, 'Accept-Language': 'zh-CN' })).data).toEqual({
      username: ['不允许使用空字符。'],
      password: ['不允许使用代理字符: U+DFFF。'],
    })
    const { access } = await login()
    const order = await rawFetch('/orders/', {
      method: 'POST',
      headers: { ...JSON_TYPE, Authorization: `JWT ${access}` },
      body: JSON.stringify({ item: 'x'.repeat(101) + '\u0000', quantity: 1, price: '1.00', status: '\ud800' }),
    })
    expect([order.status, await order.json()]).toEqual([
      400,
      { item: ['Ensure this field has no more than 100 characters.', 'Null characters are not allowed.'], status: ['Surrogate characters are not allowed: U+D800.'] },
    ])
  })
})

describe('numbers past 64 bits and NUL in a path', () => {
  it('an order id or session id no database holds is 404 like any unknown id; a page past 64 bits "Invalid page."', async () => {
    const { access } = await login()
    const headers = { Authorization: `JWT ${access}` }
    for (const id of ['9223372036854775808', '18446744073709551616']) {
      expect(await raw('GET', `/orders/${id}/`, { headers })).toMatchObject({ status: 404, data: { detail: 'No Order matches the given query.' } })
    }
    expect(await raw('DELETE', '/me/sessions/a%00b/', { headers })).toMatchObject({ status: 404, data: { detail: 'No Session matches the given query.' } })
    expect(await raw('GET', '/orders/?page=18446744073709551616', { headers })).toMatchObject({ status: 404, data: { detail: 'Invalid page.' } })
  })
})
