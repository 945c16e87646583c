/**
 * Contract rows the API layer can't express: malformed JSON bodies, wrong methods, unknown URLs, a path
 * without its slash, and the headers on every answer. Malformed bodies and redirects use plain fetch()
 * (axios re-encodes a string body and follows redirects); the rest uses raw() over the `http` instance.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { getOrder } from '@/api/orders'
import { useMockBackend } from '../../support/mock-backend'
import { WWW_AUTHENTICATE, login, raw, rawFetch } from './helpers'

const START = Date.UTC(2026, 10, 23, 12, 0, 0)
let now = START
useMockBackend({ now: () => now })
beforeEach(() => {
  now = START
})

const json = { 'Content-Type': 'application/json' }

describe('malformed JSON', () => {
  it.each([
    ['', null],
    ['{"username": "demo", "password": }', 'Expecting value: line 1 column 34 (char 33)'],
    ['{', 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
    ["{'username': 'demo'}", 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
    ['{"username": "demo",\n "password": "demo123",\n}', 'Expecting property name enclosed in double quotes: line 3 column 1 (char 45)'],
    ['{"username": "demo"} x', 'Extra data: line 1 column 22 (char 21)'],
    ['x', 'Expecting value: line 1 column 1 (char 0)'],
    ['{"username": NaN}', "Out of range float values are not JSON compliant: 'NaN'"],
    ['\ufeff{}', 'Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)'],
  ])('POST /token/ with %j answers 400 {"detail":"JSON parse error - <Python\'s reason>"}', async (body, reason) => {
    const response = await rawFetch('/token/', { method: 'POST', headers: json, body })
    expect(response.status).toBe(400)
    if (reason === null) {
      // An empty body is not parsed at all: the fields are just missing.
      expect(await response.json()).toEqual({ username: ['This field is required.'], password: ['This field is required.'] })
    } else {
      expect(await response.json()).toEqual({ detail: `JSON parse error - ${reason}` })
    }
  })

  it('refuses bytes that are not UTF-8 with Python\'s UnicodeDecodeError text', async () => {
    const response = await rawFetch('/token/', { method: 'POST', headers: json, body: new Uint8Array([0x7b, 0xff, 0x7d]) })
    expect(await response.json()).toEqual({ detail: "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 1: invalid start byte" })
  })

  it('checks the token before the body on protected endpoints', async () => {
    const anonymous = await rawFetch('/orders/', { method: 'POST', headers: json, body: '{' })
    expect(anonymous.status).toBe(401)
    const { access } = await login()
    const response = await rawFetch('/orders/', { method: 'POST', headers: { ...json, Authorization: `JWT ${access}` }, body: '{' })
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({ detail: 'JSON parse error - Expecting property name enclosed in double quotes: line 1 column 2 (char 1)' })
  })

  it('answers 415 for a body of another media type', async () => {
    const response = await rawFetch('/token/', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'demo' })
    expect(response.status).toBe(415)
    expect(await response.json()).toEqual({ detail: 'Unsupported media type "text/plain" in request.' })
  })

  it('reads a form-encoded body like DRF\'s FormParser', async () => {
    const response = await rawFetch('/token/', { method: 'POST', body: new URLSearchParams({ username: 'demo', password: 'demo123' }) })
    expect(response.status).toBe(200)
  })
})

describe('wrong method', () => {
  it.each([['GET', '/token/'], ['GET', '/token/refresh/'], ['PUT', '/token/verify/'], ['DELETE', '/token/blacklist/']])(
    '%s %s answers 405 with the method named',
    async (method, path) => {
      const response = await raw(method, path)
      expect(response.status).toBe(405)
      expect(response.data).toEqual({ detail: `Method "${method}" not allowed.` })
      expect(response.headers.allow).toBe('POST, OPTIONS')
    },
  )

  it('authenticates before looking at the method on protected endpoints', async () => {
    expect((await raw('DELETE', '/orders/')).status).toBe(401)
    const { access } = await login()
    const headers = { Authorization: `JWT ${access}` }
    const list = await raw('DELETE', '/orders/', { headers })
    expect(list.status).toBe(405)
    expect(list.data).toEqual({ detail: 'Method "DELETE" not allowed.' })
    expect(list.headers.allow).toBe('GET, POST, HEAD, OPTIONS')
    expect((await raw('POST', '/orders/1/', { headers })).data).toEqual({ detail: 'Method "POST" not allowed.' })
    expect((await raw('PUT', '/me/', { headers })).data).toEqual({ detail: 'Method "PUT" not allowed.' })
  })
})

describe('URLs', () => {
  it('answers 404 with an HTML page for an unknown URL under the API', async () => {
    const response = await rawFetch('/nope/')
    expect(response.status).toBe(404)
    // Django 5.2's views.defaults.page_not_found leaves HttpResponse's default, with the charset (3.2 set 'text/html').
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toContain('<h1>Not Found</h1>')
    const apiError = await raw('GET', '/orders/1.5/')
    expect(apiError.status).toBe(404)
    expect(typeof apiError.data).toBe('string')
  })

  it('gives the API layer a bad-response ApiError for the HTML 404', async () => {
    const { auth } = await login()
    await expect(getOrder('a.b', auth)).rejects.toMatchObject({ kind: 'bad-response', status: 404 })
  })

  it.each([
    ['/token', '/api/token/'],
    ['/orders', '/api/orders/'],
    ['/orders/5', '/api/orders/5/'],
    ['/orders?page=2', '/api/orders/?page=2'],
  ])('redirects %s (no trailing slash) with 301 to %s', async (path, location) => {
    const response = await rawFetch(path, { method: 'POST', headers: json, body: '{}' })
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe(location)
    expect(await response.text()).toBe('')
  })

  it('does not redirect when the slashed path does not exist either', async () => {
    expect((await rawFetch('/nope')).status).toBe(404)
  })
})

describe('headers', () => {
  it('puts Date (the mock clock as an HTTP-date) on every answer', async () => {
    now = Date.UTC(2030, 0, 2, 3, 4, 5)
    const answers = [
      await rawFetch('/token/', { method: 'POST', headers: json, body: '{"username":"demo","password":"demo123"}' }),
      await rawFetch('/me/'),
      await rawFetch('/nope/'),
      await rawFetch('/orders'),
    ]
    expect(answers.map((response) => response.status)).toEqual([200, 401, 404, 301])
    for (const response of answers) expect(response.headers.get('date')).toBe('Wed, 02 Jan 2030 03:04:05 GMT')
  })

  it('puts WWW-Authenticate: JWT realm="api" on every 401 and on nothing else', async () => {
    const unauthorized = [
      await raw('GET', '/me/'),
      await raw('POST', '/token/', { data: { username: 'demo', password: 'x' } }),
      await raw('POST', '/token/refresh/', { data: { refresh: 'x' } }),
      await raw('GET', '/orders/', { headers: { Authorization: 'JWT a b' } }),
    ]
    for (const response of unauthorized) {
      expect(response.status).toBe(401)
      expect(response.headers['www-authenticate']).toBe(WWW_AUTHENTICATE)
    }
    expect((await raw('POST', '/token/', { data: {} })).headers['www-authenticate']).toBeUndefined()
  })

  it('answers HEAD like GET without a body, and OPTIONS with the view description', async () => {
    const { access } = await login()
    const head = await rawFetch('/orders/', { method: 'HEAD', headers: { Authorization: `JWT ${access}` } })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const options = await raw('OPTIONS', '/token/')
    expect(options.status).toBe(200)
    expect(options.data).toMatchObject({ name: 'Token Obtain Pair', renders: ['application/json', 'text/html'] })
  })

  it("describes simplejwt's views on OPTIONS as DRF 3.18's SimpleMetadata does (docstring, POST fields)", async () => {
    const parses = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']
    const field = (label: string, readOnly = false) => ({ type: 'string', required: !readOnly, read_only: readOnly, label })
    expect(JSON.stringify((await raw('OPTIONS', '/token/refresh/')).data)).toBe(
      JSON.stringify({
        name: 'Token Refresh',
        description: 'Takes a refresh type JSON web token and returns an access type JSON web\ntoken if the refresh token is valid.',
        renders: ['application/json', 'text/html'],
        parses,
        actions: { POST: { refresh: field('Refresh'), access: field('Access', true) } },
      }),
    )
    expect((await raw('OPTIONS', '/token/verify/')).data).toMatchObject({
      description: "Takes a token and indicates if it is valid.  This view provides no\ninformation about a token's fitness for a particular use.",
      actions: { POST: { token: field('Token') } },
    })
  })
})
