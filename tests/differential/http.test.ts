/**
 * Differential: what the API layer can't express (tests/unit/contract/http.test.ts): malformed JSON bodies,
 * other media types, wrong methods, unknown URLs, a path without its slash, and the headers on every answer.
 */
import { describeDifferential } from './harness'
import { HTTP_DATE, accessToken, authorization } from './helpers'

const JSON_TYPE = { 'Content-Type': 'application/json' }

describeDifferential('HTTP: bodies, methods, URLs, headers', {}, (differential) => {
  const malformed = [
    '',
    '{"username": "demo", "password": }',
    '{',
    "{'username': 'demo'}",
    '{"username": "demo",\n "password": "demo123",\n}',
    '{"username": "demo"} x',
    'x',
    '{"username": NaN}',
    '\ufeff{}',
  ]
  for (const body of malformed) {
    differential(`malformed JSON: POST /token/ with ${JSON.stringify(body)}`, async (api) => {
      await api.request('POST', '/token/', { body, headers: JSON_TYPE })
    })
  }

  differential('JSON nested too deep for Python: DRF’s ParseError on every endpoint with a body (stock: RecursionError, 500)', async (api) => {
    const demo = await authorization(api)
    for (const body of ['['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)]) {
      for (const path of ['/token/', '/token/refresh/', '/token/verify/', '/token/blacklist/']) await api.request('POST', path, { body, headers: JSON_TYPE })
      await api.request('POST', '/orders/', { body, headers: JSON_TYPE, authorization: demo })
      await api.request('PATCH', '/orders/1/', { body, headers: JSON_TYPE, authorization: demo })
      await api.request('POST', '/me/password/', { body, headers: JSON_TYPE, authorization: demo })
    }
  })

  differential('a body over DATA_UPLOAD_MAX_MEMORY_SIZE: 413 request_too_large in JSON; too many form fields: a ParseError (stock: Django’s HTML 400)', async (api) => {
    const password = 'x'.repeat(2_621_440)
    await api.request('POST', '/token/', { json: { username: 'demo', password } })
    await api.request('POST', '/orders/', { json: { item: 'Widget', quantity: 1, price: '1.00', note: password }, authorization: await authorization(api) })
    await api.request('POST', '/token/', { body: new URLSearchParams({ username: 'demo', password }) })
    const fields = new URLSearchParams()
    for (let i = 0; i <= 1000; i++) fields.append(`f${i}`, '1')
    await api.request('POST', '/token/', { body: fields })
  })

  differential('NUL and lone surrogates in every string field: DRF’s field errors, nothing stored (PostgreSQL refuses NUL)', async (api) => {
    const demo = await authorization(api)
    for (const bad of ['de\u0000mo', '\ud800', 'x\udfff']) {
      await api.request('POST', '/token/', { json: { username: bad, password: 'demo123' } })
      await api.request('POST', '/token/', { json: { username: 'demo', password: bad } })
      for (const path of ['/token/refresh/', '/token/blacklist/']) await api.request('POST', path, { json: { refresh: bad } })
      await api.request('POST', '/token/verify/', { json: { token: bad } })
      for (const field of ['item', 'note', 'status', 'price', 'quantity']) {
        await api.request('POST', '/orders/', { json: { item: 'Widget', quantity: 1, price: '1.00', [field]: bad }, authorization: demo })
        await api.request('PATCH', '/orders/1/', { json: { [field]: bad }, authorization: demo })
      }
      await api.request('POST', '/me/password/', { json: { old_password: bad, new_password: bad }, authorization: demo })
    }
    // A NUL beside a length error: DRF lists both.
    await api.request('POST', '/orders/', { json: { item: 'x'.repeat(101) + '\u0000', quantity: 1, price: '1.00' }, authorization: demo })
    await api.request('GET', '/orders/?page_size=3', { authorization: demo })
  })

  differential('ids and page numbers past 64 bits, and NUL in a path segment: 404 like any unknown id, "Invalid page."', async (api) => {
    const demo = await authorization(api)
    for (const id of ['9223372036854775808', '18446744073709551616', '1' + '0'.repeat(30), '-9223372036854775809', 'a%00b']) {
      await api.request('GET', `/orders/${id}/`, { authorization: demo })
      await api.request('DELETE', `/me/sessions/${id}/`, { authorization: demo })
    }
    for (const query of ['page=18446744073709551616', 'page_size=18446744073709551616', 'page=1%00', 'page=9223372036854775808&page_size=100']) {
      await api.request('GET', `/orders/?${query}`, { authorization: demo })
    }
  })

  differential('malformed JSON: bytes that are not UTF-8', async (api) => {
    await api.request('POST', '/token/', { body: new Uint8Array([0x7b, 0xff, 0x7d]), headers: JSON_TYPE })
  })

  differential('malformed JSON: protected endpoints check the token before the body', async (api) => {
    await api.request('POST', '/orders/', { body: '{', headers: JSON_TYPE })
    await api.request('POST', '/orders/', { body: '{', headers: JSON_TYPE, authorization: await authorization(api) })
  })

  differential('a body of another media type: 415', async (api) => {
    await api.request('POST', '/token/', { body: 'demo', headers: { 'Content-Type': 'text/plain' } })
  })

  differential("a form-encoded body is read like DRF's FormParser", async (api) => {
    await api.request('POST', '/token/', { body: new URLSearchParams({ username: 'demo', password: 'demo123' }) })
  })

  for (const [method, path] of [['GET', '/token/'], ['GET', '/token/refresh/'], ['PUT', '/token/verify/'], ['DELETE', '/token/blacklist/']]) {
    differential(`wrong method: ${method} ${path} answers 405 with the method named`, async (api) => {
      await api.request(method as string, path as string)
    })
  }

  differential('wrong method: protected endpoints authenticate before looking at the method', async (api) => {
    await api.request('DELETE', '/orders/')
    const demo = await authorization(api)
    await api.request('DELETE', '/orders/', { authorization: demo })
    await api.request('POST', '/orders/1/', { authorization: demo })
    await api.request('PUT', '/me/', { authorization: demo })
  })

  differential('an unknown URL under the API: 404 with an HTML page', async (api) => {
    await api.request('GET', '/nope/')
    await api.request('GET', '/orders/1.5/')
  })

  differential('an order URL that no route matches, with a valid token: the HTML 404 too', async (api) => {
    await api.request('GET', '/orders/a.b/', { authorization: await authorization(api) })
  })

  for (const path of ['/token', '/orders', '/orders/5', '/orders?page=2']) {
    differential(`no trailing slash: POST ${path} answers 301 to the slashed path`, async (api) => {
      await api.request('POST', path, { body: '{}', headers: JSON_TYPE })
    })
  }

  differential('no trailing slash, and the slashed path does not exist either: 404', async (api) => {
    await api.request('GET', '/nope')
  })

  differential('Date (an HTTP-date, the server clock) on every answer', async (api) => {
    const answers = [
      await api.request('POST', '/token/', { json: { username: 'demo', password: 'demo123' } }),
      await api.request('GET', '/me/'),
      await api.request('GET', '/nope/'),
      await api.request('GET', '/orders'),
    ]
    // The value differs by nature (each server's clock): its form, and that it is now.
    api.note('Date headers', answers.map(({ headers }) => {
      const date = headers.get('date') ?? ''
      return { httpDate: HTTP_DATE.test(date), withinAMinute: Math.abs(Date.parse(date) - Date.now()) < 60_000 }
    }))
  })

  differential('WWW-Authenticate: JWT realm="api" on every 401 and on nothing else', async (api) => {
    await api.request('GET', '/me/')
    await api.request('POST', '/token/', { json: { username: 'demo', password: 'x' } })
    await api.request('POST', '/token/refresh/', { json: { refresh: 'x' } })
    await api.request('GET', '/orders/', { authorization: 'JWT a b' })
    await api.request('POST', '/token/', { json: {} })
  })

  differential('HEAD answers like GET without a body; OPTIONS with the view description', async (api) => {
    await api.request('HEAD', '/orders/', { authorization: `JWT ${await accessToken(api)}` })
    await api.request('OPTIONS', '/token/')
  })
})
