/**
 * Differential: djangorestframework-jwt 1.11 (DIALECT=drf-jwt: Django 3.2, DRF 3.14, PyJWT 1.7.1, its own Python
 * environment), row by row as /work/shared/api-contract-drf-jwt.md measured it, and the API every dialect shares as
 * that older stack answers it. Tokens with a past exp or orig_iat are signed here rather than waited for.
 */
import { describeDifferential, type DifferentialClient, type Exchange } from './harness'
import { ADMIN, DEMO, claimsOf, newJti, nowSeconds } from './helpers'

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' }
const JSON_TYPE = { 'Content-Type': 'application/json' }

/** jwt_payload_handler's claims, in its order, for demo (or another user): exp and orig_iat relative to now. */
function drfJwtClaims({ userId = 1, username = 'demo', expIn = 300, origIatAgo = 0 } = {}): Record<string, unknown> {
  const now = nowSeconds()
  return { user_id: userId, username, exp: now + expIn, email: '', orig_iat: now - origIatAgo }
}

/** A token signed with the server's key, as obtain would issue it (or with the claims given). */
function drfJwtToken(api: DifferentialClient, claims: Record<string, unknown> = drfJwtClaims()): Promise<string> {
  return api.sign(claims)
}

async function obtain(api: DifferentialClient, credentials = DEMO): Promise<string> {
  const response = await api.request('POST', '/api-token-auth/', { json: credentials })
  if (response.status !== 200) throw new Error(`login as ${credentials.username} answered ${response.status}`)
  return String(response.data.token)
}

function tamperedSignature(token: string): string {
  return `${token.slice(0, -4)}AAAA`
}

/** user_id 2 and username admin in the payload, the signature kept. */
function tamperedPayload(token: string): string {
  const [head, , signature] = token.split('.')
  const payload = Buffer.from(JSON.stringify({ ...claimsOf(token), user_id: 2, username: 'admin' })).toString('base64url')
  return `${head}.${payload}.${signature}`
}

/** The other dialects' tokens, signed with the same key (every dialect shares DJANGO_SECRET_KEY). */
function pairToken(api: DifferentialClient, type: 'access' | 'refresh'): Promise<string> {
  const now = nowSeconds()
  return api.sign({ token_type: type, exp: now + (type === 'access' ? 300 : 86_400), iat: now, jti: newJti(), user_id: 1 })
}

function slidingToken(api: DifferentialClient): Promise<string> {
  const now = nowSeconds()
  return api.sign({ token_type: 'sliding', exp: now + 300, iat: now, jti: newJti(), refresh_exp: now + 86_400, user_id: 1 })
}

/**
 * A case at a limit one whole second wide (PyJWT 1.7.1 and drf-jwt compare whole seconds): `send` makes its token
 * and its request (unrecorded) again until both happened within one second of the clock both servers read, which a
 * loaded machine may miss once; that answer goes into the transcript as a note.
 */
async function withinOneSecond(api: DifferentialClient, label: string, send: () => Promise<Exchange>): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const second = nowSeconds()
    const answer = await send()
    if (nowSeconds() === second) {
      api.note(label, { status: answer.status, body: answer.data })
      return
    }
  }
  throw new Error(`${label}: no attempt was sent and answered within one second`)
}

describeDifferential('djangorestframework-jwt', { dialect: 'drf-jwt' }, (differential) => {
  differential('1.1, 1.12 obtain: 200 {token}, the claims in drf-jwt’s order, exp = orig_iat + 300; admin too', async (api) => {
    const token = await obtain(api)
    const claims = claimsOf(token)
    api.note('exp - orig_iat', Number(claims.exp) - Number(claims.orig_iat))
    api.note('orig_iat is now', Math.abs(Number(claims.orig_iat) - nowSeconds()) <= 5)
    api.note('claims', { ...claims, exp: typeof claims.exp, orig_iat: typeof claims.orig_iat })
    api.note('admin', { ...claimsOf(await obtain(api, ADMIN)), exp: undefined, orig_iat: undefined })
  })

  differential('1.2–1.7 obtain refused: bad password, unknown user, missing, blank fields, no body (400, not 401)', async (api) => {
    await api.request('POST', '/api-token-auth/', { json: { username: 'demo', password: 'wrong' } })
    await api.request('POST', '/api-token-auth/', { json: { username: 'nobody', password: 'demo123' } })
    await api.request('POST', '/api-token-auth/', { json: { username: 'Demo', password: 'demo123' } })
    await api.request('POST', '/api-token-auth/', { json: {} })
    await api.request('POST', '/api-token-auth/', { json: { username: 'demo' } })
    await api.request('POST', '/api-token-auth/', { json: { username: '', password: '' } })
    await api.request('POST', '/api-token-auth/', { json: { username: ' ', password: ' demo123 ' } })
    await api.request('POST', '/api-token-auth/')
  })

  differential('1.8 obtain with a form-encoded body', async (api) => {
    await api.request('POST', '/api-token-auth/', { body: new URLSearchParams(DEMO), headers: FORM })
  })

  differential('1.9, 2.13 GET on obtain and refresh: 405 with Allow: POST, OPTIONS', async (api) => {
    await api.request('GET', '/api-token-auth/')
    await api.request('GET', '/api-token-refresh/')
    await api.request('PUT', '/api-token-verify/')
  })

  differential('1.10 malformed JSON: 400 with Python’s message', async (api) => {
    await api.request('POST', '/api-token-auth/', { body: '{"username":"demo",', headers: JSON_TYPE })
    await api.request('POST', '/api-token-refresh/', { body: '[1,', headers: JSON_TYPE })
    await api.request('POST', '/api-token-auth/', { body: '[]', headers: JSON_TYPE })
  })

  differential('1.11 no trailing slash: 301 to the slashed path; 1.13 the simplejwt paths are HTML 404s', async (api) => {
    await api.request('POST', '/api-token-auth', { json: DEMO })
    await api.request('POST', '/api-token-refresh', { json: {} })
    await api.request('POST', '/token/', { json: DEMO })
    await api.request('POST', '/token/refresh/', { json: {} })
    await api.request('POST', '/token/blacklist/', { json: {} })
  })

  differential('OPTIONS on the token views: their names and descriptions', async (api) => {
    await api.request('OPTIONS', '/api-token-auth/')
    await api.request('OPTIONS', '/api-token-refresh/')
    await api.request('OPTIONS', '/api-token-verify/')
  })

  differential('2.1 refresh: 200 {token}, a new exp from now, orig_iat kept, the claims rebuilt', async (api) => {
    // exp 100 s ahead and orig_iat 200 s ago: the new exp (now + 300) moves past the old one without waiting.
    const token = await drfJwtToken(api, drfJwtClaims({ expIn: 100, origIatAgo: 200 }))
    const refreshed = await api.request('POST', '/api-token-refresh/', { json: { token } })
    const before = claimsOf(token)
    const after = claimsOf(String(refreshed.data.token))
    api.note('orig_iat kept', after.orig_iat === before.orig_iat)
    api.note('exp - now', Math.abs(Number(after.exp) - nowSeconds() - 300) <= 2)
    api.note('exp moved on', Number(after.exp) > Number(before.exp))
    api.note('claims', Object.keys(after))
  })

  differential('2.1 a rebuilt token takes the claims from the user, not from the token sent', async (api) => {
    const token = await drfJwtToken(api, { user_id: 7, username: 'demo', exp: nowSeconds() + 300, email: 'x@example.com', orig_iat: nowSeconds(), extra: 1 })
    const refreshed = await api.request('POST', '/api-token-refresh/', { json: { token } })
    const claims = claimsOf(String(refreshed.data.token))
    api.note('refreshed claims', { ...claims, exp: undefined, orig_iat: claims.orig_iat === claimsOf(token).orig_iat })
  })

  differential('2.2 nothing is revoked: the token a refresh replaced still authenticates', async (api) => {
    const token = await obtain(api)
    await api.request('POST', '/api-token-refresh/', { json: { token } })
    await api.request('GET', '/me/', { authorization: `JWT ${token}` })
    await api.request('POST', '/api-token-verify/', { json: { token } })
  })

  differential('2.3–2.5 refresh refuses garbage, a tampered signature or payload, another key: "Error decoding signature."', async (api) => {
    const token = await drfJwtToken(api)
    for (const refused of ['garbage', 'a.b.c', tamperedSignature(token), tamperedPayload(token), await api.sign(claimsOf(token), { secret: 'some-other-signing-key' })]) {
      await api.request('POST', '/api-token-refresh/', { json: { token: refused } })
    }
  })

  differential('2.6, 2.7 refresh: a missing field, or simplejwt’s field name "refresh"', async (api) => {
    await api.request('POST', '/api-token-refresh/', { json: {} })
    await api.request('POST', '/api-token-refresh/', { json: { refresh: await drfJwtToken(api) } })
    await api.request('POST', '/api-token-refresh/', { json: { token: '' } })
    await api.request('POST', '/api-token-refresh/', { json: { token: null } })
  })

  differential('2.8 refresh: a simplejwt pair refresh token and a sliding token have no username: "Invalid payload."', async (api) => {
    await api.request('POST', '/api-token-refresh/', { json: { token: await pairToken(api, 'refresh') } })
    await api.request('POST', '/api-token-refresh/', { json: { token: await slidingToken(api) } })
  })

  differential('2.9 refresh: a user that does not exist: "User doesn\'t exist."', async (api) => {
    await api.request('POST', '/api-token-refresh/', { json: { token: await drfJwtToken(api, drfJwtClaims({ userId: 99, username: 'ghost' })) } })
  })

  differential('2.10 refresh: a token without orig_iat: "orig_iat field is required."', async (api) => {
    const { orig_iat: _dropped, ...claims } = drfJwtClaims()
    await api.request('POST', '/api-token-refresh/', { json: { token: await drfJwtToken(api, claims) } })
    await api.request('POST', '/api-token-refresh/', { json: { token: await drfJwtToken(api, { ...claims, orig_iat: 0 }) } })
  })

  differential('2.11, 3.7 alg none: refresh and verify answer "Error decoding signature." (stock: InvalidAlgorithmError uncaught, 500)', async (api) => {
    const unsigned = await api.sign(drfJwtClaims(), { alg: 'none' })
    await api.request('POST', '/api-token-refresh/', { json: { token: unsigned } })
    await api.request('POST', '/api-token-verify/', { json: { token: unsigned } })
  })

  differential('claims of the wrong type or size, correctly signed: drf-jwt’s "Error decoding signature." on /me/, refresh and verify (stock: 500)', async (api) => {
    for (const changed of [
      { exp: null },
      { exp: [1] },
      { iat: { a: 1 } },
      { nbf: null },
      { iat: 'soon' },
      { nbf: 2 ** 40 },
      { orig_iat: 'then' },
      { orig_iat: [1] },
      { username: '\ud800' },
      { username: 'de\u0000mo' },
      { email: '\udc00' },
    ]) {
      const token = await drfJwtToken(api, { ...drfJwtClaims(), ...changed })
      await api.request('GET', '/me/', { authorization: `JWT ${token}` })
      await api.request('POST', '/api-token-refresh/', { json: { token } })
      await api.request('POST', '/api-token-verify/', { json: { token } })
    }
  })

  differential('hostile bodies on drf-jwt: JSON nested too deep, NUL and surrogates in the credentials, too many form fields', async (api) => {
    const json = { 'Content-Type': 'application/json' }
    for (const path of ['/api-token-auth/', '/api-token-refresh/', '/api-token-verify/']) {
      await api.request('POST', path, { body: '['.repeat(5000) + ']'.repeat(5000), headers: json })
      await api.request('POST', path, { body: '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), headers: json })
    }
    await api.request('POST', '/api-token-auth/', { json: { username: 'de\u0000mo', password: 'demo123' } })
    await api.request('POST', '/api-token-auth/', { json: { username: 'demo', password: '\ud800' } })
    await api.request('POST', '/api-token-refresh/', { json: { token: 'a\u0000b' } })
    const fields = new URLSearchParams()
    for (let i = 0; i <= 1000; i++) fields.append(`f${i}`, '1')
    await api.request('POST', '/api-token-auth/', { body: fields })
  })

  differential('2.12 the token views ignore the Authorization header, even a broken one', async (api) => {
    const token = await drfJwtToken(api)
    await api.request('POST', '/api-token-refresh/', { json: { token }, authorization: 'JWT garbage' })
    await api.request('POST', '/api-token-verify/', { json: { token }, authorization: 'JWT a b' })
    await api.request('POST', '/api-token-auth/', { json: DEMO, authorization: 'JWT' })
  })

  differential('3.1–3.6 verify: 200 with the same token; garbage, another key, a missing field, a ghost, a pair token', async (api) => {
    const token = await drfJwtToken(api)
    const verified = await api.request('POST', '/api-token-verify/', { json: { token } })
    api.note('the same token', verified.data.token === token)
    await api.request('POST', '/api-token-verify/', { json: { token: 'garbage' } })
    await api.request('POST', '/api-token-verify/', { json: { token: await api.sign(claimsOf(token), { secret: 'some-other-signing-key' }) } })
    await api.request('POST', '/api-token-verify/', { json: {} })
    await api.request('POST', '/api-token-verify/', { json: { token: await drfJwtToken(api, drfJwtClaims({ userId: 99, username: 'ghost' })) } })
    await api.request('POST', '/api-token-verify/', { json: { token: await pairToken(api, 'access') } })
  })

  differential('B.14 verify checks neither orig_iat nor the refresh limit', async (api) => {
    const { orig_iat: _dropped, ...claims } = drfJwtClaims()
    await api.request('POST', '/api-token-verify/', { json: { token: await drfJwtToken(api, claims) } })
    await api.request('POST', '/api-token-verify/', { json: { token: await drfJwtToken(api, drfJwtClaims({ origIatAgo: 100_000 })) } })
  })

  differential('4.1, 4.3, 4.4 JWT <token> authenticates, the prefix in any case; /me/ names the user', async (api) => {
    const token = await drfJwtToken(api)
    await api.request('GET', '/me/', { authorization: `JWT ${token}` })
    await api.request('GET', '/me/', { authorization: `jwt ${token}` })
    await api.request('GET', '/me/', { authorization: `Jwt\t${token}` })
    await api.request('GET', '/me/', { authorization: `JWT ${await drfJwtToken(api, drfJwtClaims({ userId: 2, username: 'admin' }))}` })
  })

  differential('4.2, 4.5, 4.16 no header, Bearer or Token: "Authentication credentials were not provided."', async (api) => {
    const token = await drfJwtToken(api)
    await api.request('GET', '/me/')
    await api.request('GET', '/me/', { authorization: `Bearer ${token}` })
    await api.request('GET', '/me/', { authorization: `Token ${token}` })
    await api.request('GET', '/me/', { authorization: '' })
    await api.request('GET', '/orders/', { authorization: `Bearer ${token}` })
  })

  differential('4.6, 4.7 a malformed header: "JWT" alone, "JWT a b"', async (api) => {
    await api.request('GET', '/me/', { authorization: 'JWT' })
    await api.request('GET', '/me/', { authorization: 'JWT a b' })
    await api.request('GET', '/orders/', { authorization: 'jwt  ' })
  })

  differential('4.8–4.11 garbage, a tampered signature or payload, another key: "Error decoding signature."', async (api) => {
    const token = await drfJwtToken(api)
    for (const refused of ['garbage', tamperedSignature(token), tamperedPayload(token), await api.sign(claimsOf(token), { secret: 'some-other-signing-key' })]) {
      await api.request('GET', '/me/', { authorization: `JWT ${refused}` })
    }
  })

  differential('4.12 alg none on a protected endpoint: 401 "Incorrect authentication credentials."', async (api) => {
    await api.request('GET', '/me/', { authorization: `JWT ${await api.sign(drfJwtClaims(), { alg: 'none' })}` })
  })

  differential('4.13 a user that does not exist: "Invalid signature."', async (api) => {
    await api.request('GET', '/me/', { authorization: `JWT ${await drfJwtToken(api, drfJwtClaims({ userId: 99, username: 'ghost' }))}` })
  })

  differential('4.14, 4.15 the other dialects’ tokens (no username): "Invalid payload."', async (api) => {
    await api.request('GET', '/me/', { authorization: `JWT ${await pairToken(api, 'access')}` })
    await api.request('GET', '/me/', { authorization: `JWT ${await slidingToken(api)}` })
  })

  differential('4.13 the user is found by username alone; user_id and email are not looked at', async (api) => {
    await api.request('GET', '/me/', { authorization: `JWT ${await drfJwtToken(api, drfJwtClaims({ userId: 2, username: 'demo' }))}` })
    await api.request('GET', '/me/', { authorization: `JWT ${await drfJwtToken(api, { username: 'admin', exp: nowSeconds() + 60 })}` })
  })

  differential('B.4, B.5 expiry in whole seconds: accepted through the second of exp, refused from exp + 1', async (api) => {
    await withinOneSecond(api, 'exp = now', async () =>
      api.request('GET', '/me/', { authorization: `JWT ${await drfJwtToken(api, drfJwtClaims({ expIn: 0 }))}`, unrecorded: true }),
    )
    await api.request('GET', '/me/', { authorization: `JWT ${await drfJwtToken(api, drfJwtClaims({ expIn: -1 }))}` })
    await api.request('GET', '/orders/', { authorization: `JWT ${await drfJwtToken(api, drfJwtClaims({ expIn: -60 }))}` })
  })

  differential('B.7, B.8 an expired token can be neither refreshed nor verified, inside the refresh window', async (api) => {
    const expired = await drfJwtToken(api, drfJwtClaims({ expIn: -1, origIatAgo: 301 }))
    await api.request('POST', '/api-token-refresh/', { json: { token: expired } })
    await api.request('POST', '/api-token-verify/', { json: { token: expired } })
  })

  differential('B.11, B.12 the refresh limit: allowed while now <= orig_iat + 86400, then "Refresh has expired."', async (api) => {
    await withinOneSecond(api, 'orig_iat + 86400 = now', async () =>
      api.request('POST', '/api-token-refresh/', { json: { token: await drfJwtToken(api, drfJwtClaims({ origIatAgo: 86_400 })) }, unrecorded: true }),
    )
    await api.request('POST', '/api-token-refresh/', { json: { token: await drfJwtToken(api, drfJwtClaims({ origIatAgo: 86_401 })) } })
  })

  differential('B.11, B.13 the last refresh’s exp is not capped at the limit, and that token works until its exp', async (api) => {
    const last = await drfJwtToken(api, drfJwtClaims({ origIatAgo: 86_390 }))
    const refreshed = await api.request('POST', '/api-token-refresh/', { json: { token: last } })
    const token = String(refreshed.data.token)
    api.note('exp past orig_iat + 86400', Number(claimsOf(token).exp) > Number(claimsOf(token).orig_iat) + 86_400)
    await api.request('GET', '/me/', { authorization: `JWT ${token}` })
    await api.request('POST', '/api-token-verify/', { json: { token } })
  })

  differential('B.15 a new login: a new orig_iat', async (api) => {
    const token = await obtain(api)
    api.note('orig_iat is now', Math.abs(Number(claimsOf(token).orig_iat) - nowSeconds()) <= 5)
  })

  differential('PyJWT 1.7.1’s other claims: nbf ahead, iat not a number, exp not a number', async (api) => {
    const now = nowSeconds()
    for (const claims of [{ ...drfJwtClaims(), nbf: now + 60 }, { ...drfJwtClaims(), iat: 'soon' }, { ...drfJwtClaims(), exp: 'later' }]) {
      const token = await drfJwtToken(api, claims)
      await api.request('GET', '/me/', { authorization: `JWT ${token}` })
      await api.request('POST', '/api-token-verify/', { json: { token } })
    }
  })

  differential('5.1–5.4 orders: page 1, create, no auth, Bearer', async (api) => {
    const demo = `JWT ${await drfJwtToken(api)}`
    await api.request('GET', '/orders/', { authorization: demo })
    const created = await api.request('POST', '/orders/', { json: { item: 'Test item', quantity: 2, price: '19.99', note: 'created by probe' }, authorization: demo })
    await api.request('GET', '/orders/')
    await api.request('GET', '/orders/', { authorization: `Bearer ${await drfJwtToken(api)}` })
    await api.request('DELETE', `/orders/${String(created.data.id)}/`, { authorization: demo })
  })

  differential('the shared API on Django 3.2 / DRF 3.14: 404 "Not found." for any order not found, a pk past 64 bits too (stock: 500)', async (api) => {
    const demo = `JWT ${await drfJwtToken(api)}`
    for (const id of [26, 999, 'abc', '99999999999999999999', '9223372036854775808', '-9223372036854775809']) await api.request('GET', `/orders/${id}/`, { authorization: demo })
    await api.request('PATCH', '/orders/999/', { json: {}, authorization: demo })
    await api.request('DELETE', '/orders/27/', { authorization: demo })
  })

  differential('the shared API on DRF 3.14: an empty page= is not a page (404 "Invalid page."); pages and links', async (api) => {
    const demo = `JWT ${await drfJwtToken(api)}`
    await api.request('GET', '/orders/?page=', { authorization: demo })
    await api.request('GET', '/orders/?page=2&page_size=5', { authorization: demo })
    await api.request('GET', '/orders/?page=last', { authorization: demo })
    await api.request('GET', '/orders/?page=9', { authorization: demo })
  })

  differential('the shared API: validation messages in the language asked (DRF 3.14 has no zh-hans "Not a valid string.")', async (api) => {
    const demo = `JWT ${await drfJwtToken(api)}`
    await api.request('POST', '/orders/', { json: { note: ['a'], quantity: 0, price: 'x', status: 'lost' }, authorization: demo })
    await api.request('POST', '/orders/', { json: { item: '', quantity: 'many', price: '1.999' }, authorization: demo })
    await api.request('POST', '/orders/', { json: [], authorization: demo })
  })

  differential('the shared API: /me/ and its methods; no password change or logout-all here (HTML 404)', async (api) => {
    const demo = `JWT ${await drfJwtToken(api)}`
    await api.request('PUT', '/me/', { authorization: demo })
    await api.request('OPTIONS', '/me/', { authorization: demo })
    await api.request('HEAD', '/me/', { authorization: demo })
    await api.request('POST', '/me/password/', { json: { old_password: 'demo123', new_password: 'x' }, authorization: demo })
    await api.request('POST', '/me/logout-all/', { authorization: demo })
    await api.request('GET', '/nope/')
  })
})

describeDifferential('djangorestframework-jwt with short lifetimes (Run B)', { dialect: 'drf-jwt', accessSeconds: 3, refreshSeconds: 6 }, (differential) => {
  differential('B.1 obtain: exp = orig_iat + JWT_EXPIRATION_DELTA', async (api) => {
    const claims = claimsOf(await obtain(api))
    api.note('exp - orig_iat', Number(claims.exp) - Number(claims.orig_iat))
  })

  differential('B.3, B.10 refresh: exp = now + 3, orig_iat kept; B.12 past orig_iat + 6: "Refresh has expired."', async (api) => {
    const refreshed = await api.request('POST', '/api-token-refresh/', { json: { token: await drfJwtToken(api, drfJwtClaims({ expIn: 2, origIatAgo: 1 })) } })
    const claims = claimsOf(String(refreshed.data.token))
    api.note('exp - now', Math.abs(Number(claims.exp) - nowSeconds() - 3) <= 1)
    await api.request('POST', '/api-token-refresh/', { json: { token: await drfJwtToken(api, drfJwtClaims({ expIn: 2, origIatAgo: 7 })) } })
  })

  differential('B.13 past the refresh limit the token still works until its exp', async (api) => {
    const token = await drfJwtToken(api, drfJwtClaims({ expIn: 2, origIatAgo: 7 }))
    await api.request('GET', '/me/', { authorization: `JWT ${token}` })
    await api.request('POST', '/api-token-verify/', { json: { token } })
  })
})
