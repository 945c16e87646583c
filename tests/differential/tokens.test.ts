/** Differential: the token endpoints (tests/unit/contract/tokens.test.ts), mock and Django side by side. */
import { describeDifferential, type DifferentialClient } from './harness'
import { claimsOf, newJti as jti, nowSeconds } from './helpers'

/** A refresh token for demo, signed with the server's key, that expired `ago` seconds ago. */
function expiredRefresh(api: DifferentialClient, ago = 10): Promise<string> {
  const exp = nowSeconds() - ago
  return api.sign({ token_type: 'refresh', exp, iat: exp - 86_400, jti: jti(), user_id: 1 })
}

function tampered(token: string): string {
  const [head, , signature] = token.split('.')
  const payload = Buffer.from(JSON.stringify({ ...claimsOf(token), user_id: 2 })).toString('base64url')
  return `${head}.${payload}.${signature}`
}

describeDifferential('token endpoints', {}, (differential) => {
  differential('obtain: 200 {refresh, access}', async (api) => {
    const pair = await api.login()
    // iat/exp differ by nature (each server's clock): that they are now is what both must agree on.
    api.note('iat is now', [pair.access, pair.refresh].map((token) => Math.abs(Number(claimsOf(token).iat) - nowSeconds()) <= 5))
    api.note('two different jti', claimsOf(pair.access).jti !== claimsOf(pair.refresh).jti)
    await api.login({ username: 'admin', password: 'admin123' })
  })

  differential('obtain: wrong password, unknown user, username in another case', async (api) => {
    await api.request('POST', '/token/', { json: { username: 'demo', password: 'nope' } })
    await api.request('POST', '/token/', { json: { username: 'nobody', password: 'demo123' } })
    await api.request('POST', '/token/', { json: { username: 'Demo', password: 'demo123' } })
  })

  differential('obtain: missing and blank fields', async (api) => {
    await api.request('POST', '/token/', { json: {} })
    await api.request('POST', '/token/', { json: { username: '', password: ' ' } })
    await api.request('POST', '/token/', { json: { username: 'demo' } })
  })

  differential('obtain: ignores a broken Authorization header', async (api) => {
    await api.request('POST', '/token/', { json: { username: 'demo', password: 'demo123' }, authorization: 'JWT' })
  })

  differential('refresh: {access} only, with its own iat (simplejwt 5.5 no longer copies the refresh token’s)', async (api) => {
    // A refresh token issued a minute ago: a copied iat would be a minute old.
    const exp = nowSeconds() + 86_340
    const refresh = await api.sign({ token_type: 'refresh', exp, iat: exp - 86_400, jti: jti(), user_id: '1' })
    const refreshed = await api.request('POST', '/token/refresh/', { json: { refresh } })
    const access = String(refreshed.data.access)
    api.note('iat is now', Math.abs(Number(claimsOf(access).iat) - nowSeconds()) <= 5)
    api.note('claims', Object.keys(claimsOf(access)))
    await api.request('GET', '/me/', { authorization: `JWT ${access}` })
  })

  differential('refresh: a user that does not exist is no active account (stock simplejwt 5.5’s unguarded lookup: 500); "abc" is invalid; a falsy user_id is not looked up', async (api) => {
    const exp = nowSeconds() + 60
    await api.request('POST', '/token/refresh/', { json: { refresh: await api.sign({ token_type: 'refresh', exp, iat: exp - 60, jti: jti(), user_id: 99 }) } })
    await api.request('POST', '/token/refresh/', { json: { refresh: await api.sign({ token_type: 'refresh', exp, iat: exp - 60, jti: jti(), user_id: 'abc' }) } })
    await api.request('POST', '/token/refresh/', { json: { refresh: await api.sign({ token_type: 'refresh', exp, iat: exp - 60, jti: jti(), user_id: 0 }) } })
  })

  differential('PyJWT 2’s claim checks: iat ahead, a numeric jti or sub, exp as a str', async (api) => {
    const now = nowSeconds()
    const claims = { token_type: 'refresh', exp: now + 60, iat: now, jti: jti(), user_id: 1 }
    for (const changed of [{ iat: now + 60 }, { iat: 'soon' }, { jti: 7 }, { sub: 1 }, { nbf: now + 60 }, { exp: String(now + 60) }, { exp: null }]) {
      await api.request('POST', '/token/refresh/', { json: { refresh: await api.sign({ ...claims, ...changed }) } })
    }
    // Expired, but its iat lies ahead: PyJWT checks iat first.
    await api.request('POST', '/token/verify/', { json: { token: await api.sign({ ...claims, exp: now - 10, iat: now + 60 }) } })
  })

  differential('claims of the wrong type or size, correctly signed, on refresh, verify, logout and /me/: refused like a forged token (stock: 500)', async (api) => {
    const pair = await api.login()
    const refresh = claimsOf(pair.refresh)
    const access = claimsOf(pair.access)
    for (const changed of [
      { user_id: 'abc' },
      { user_id: [1] },
      { user_id: 2 ** 64 },
      { exp: 2 ** 64 },
      { exp: 1e308 },
      { iat: 2 ** 64 },
      { jti: '\ud800' },
      { jti: 'a\u0000b' },
      { jti: 'j'.repeat(256) },
      { sid: '\ud800' },
      { sid: 'a\u0000b' },
      { token_version: [1] },
      { token_type: '\ud800' },
    ]) {
      const badRefresh = await api.sign({ ...refresh, ...changed })
      await api.request('POST', '/token/refresh/', { json: { refresh: badRefresh } })
      await api.request('POST', '/token/verify/', { json: { token: badRefresh } })
      await api.request('POST', '/token/blacklist/', { json: { refresh: badRefresh } })
      await api.request('GET', '/me/', { authorization: `JWT ${await api.sign({ ...access, ...changed })}` })
    }
    // The session outlived all of it: nothing was changed by a refused token.
    await api.request('POST', '/token/refresh/', { json: { refresh: pair.refresh } })
  })

  differential('a token of no session whose claims have the wrong type or size: refused like a forged token (stock: 500)', async (api) => {
    const now = nowSeconds()
    const claims = { token_type: 'refresh', exp: now + 60, iat: now, jti: jti(), user_id: 1 }
    for (const changed of [{ user_id: { a: 1 } }, { user_id: '' }, { exp: 2 ** 64 }, { jti: 'j'.repeat(300) }, { jti: '\udfff' }]) {
      await api.request('POST', '/token/refresh/', { json: { refresh: await api.sign({ ...claims, ...changed, jti: 'jti' in changed ? changed.jti : jti() }) } })
    }
    const { jti: _jti, ...withoutJti } = claims
    await api.request('POST', '/token/refresh/', { json: { refresh: await api.sign(withoutJti) } })
    await api.request('POST', '/token/blacklist/', { json: { refresh: await api.sign(withoutJti) } })
  })

  differential('a djangorestframework-jwt token (no jti, no token_type) on this server (4b.1–4b.3)', async (api) => {
    const now = nowSeconds()
    const foreign = await api.sign({ user_id: 1, username: 'demo', exp: now + 300, email: '', orig_iat: now })
    await api.request('GET', '/me/', { authorization: `JWT ${foreign}` })
    await api.request('POST', '/token/refresh/', { json: { refresh: foreign } })
    await api.request('POST', '/token/verify/', { json: { token: foreign } })
  })

  differential('refresh: refuses an access token ("wrong type")', async (api) => {
    const pair = await api.login()
    await api.request('POST', '/token/refresh/', { json: { refresh: pair.access } })
  })

  differential('refresh: refuses garbage, tampered, foreign-key, alg none and expired tokens', async (api) => {
    const pair = await api.login()
    const claims = claimsOf(pair.refresh)
    for (const token of [
      'not-a-token',
      tampered(pair.refresh),
      await api.sign(claims, { secret: 'not-the-server-key' }),
      await api.sign(claims, { alg: 'none' }),
      await expiredRefresh(api),
    ]) {
      await api.request('POST', '/token/refresh/', { json: { refresh: token } })
    }
  })

  differential('refresh: still accepts a refresh token seconds before its exp', async (api) => {
    const exp = nowSeconds() + 5
    const refresh = await api.sign({ token_type: 'refresh', exp, iat: exp - 86_400, jti: jti(), user_id: 1 })
    await api.request('POST', '/token/refresh/', { json: { refresh } })
  })

  differential('refresh: missing field; an expired Authorization header is ignored', async (api) => {
    await api.request('POST', '/token/refresh/', { json: {} })
    const pair = await api.login()
    const exp = nowSeconds() - 5
    const expiredAccess = await api.sign({ token_type: 'access', exp, iat: exp - 300, jti: jti(), user_id: 1 })
    await api.request('POST', '/token/refresh/', { json: { refresh: pair.refresh }, authorization: `JWT ${expiredAccess}` })
  })

  differential('refresh: tokens without a type or an id', async (api) => {
    const exp = nowSeconds() + 60
    await api.request('POST', '/token/refresh/', { json: { refresh: await api.sign({ exp, jti: jti(), user_id: 1 }) } })
    await api.request('POST', '/token/blacklist/', {
      json: { refresh: await api.sign({ token_type: 'refresh', exp, iat: exp - 60, user_id: 1 }) },
    })
  })

  differential('verify: 200 {} for valid tokens, 401 for garbage and expired, 400 for a missing field', async (api) => {
    const pair = await api.login()
    await api.request('POST', '/token/verify/', { json: { token: pair.access } })
    await api.request('POST', '/token/verify/', { json: { token: pair.refresh } })
    await api.request('POST', '/token/verify/', { json: { token: 'x.y.z' } })
    await api.request('POST', '/token/verify/', { json: { token: await expiredRefresh(api) } })
    await api.request('POST', '/token/verify/', { json: { refresh: 'x' } })
  })

  differential('verify: an expired access token is refused while its refresh token still verifies', async (api) => {
    const pair = await api.login()
    const exp = nowSeconds() - 1
    const expiredAccess = await api.sign({ ...claimsOf(pair.access), exp, iat: exp - 300 })
    await api.request('POST', '/token/verify/', { json: { token: expiredAccess } })
    await api.request('POST', '/token/verify/', { json: { token: pair.refresh } })
  })

  differential('blacklist: 200 {}, then refused by refresh and blacklist; the session ends, its access token with it', async (api) => {
    const pair = await api.login()
    await api.request('POST', '/token/blacklist/', { json: { refresh: pair.refresh } })
    await api.request('POST', '/token/refresh/', { json: { refresh: pair.refresh } })
    await api.request('POST', '/token/blacklist/', { json: { refresh: pair.refresh } })
    await api.request('GET', '/me/', { authorization: `JWT ${pair.access}` })
  })

  differential('verify: a logged-out refresh token still verifies without rotation (no blacklist check)', async (api) => {
    const pair = await api.login()
    await api.request('POST', '/token/blacklist/', { json: { refresh: pair.refresh } })
    await api.request('POST', '/token/verify/', { json: { token: pair.refresh } })
  })

  differential('blacklist: refuses an access token, garbage and a missing field', async (api) => {
    const pair = await api.login()
    await api.request('POST', '/token/blacklist/', { json: { refresh: pair.access } })
    await api.request('POST', '/token/blacklist/', { json: { refresh: 'garbage' } })
    await api.request('POST', '/token/blacklist/', { json: {} })
  })
})

describeDifferential('token endpoints with rotation', { rotate: true }, (differential) => {
  differential('refresh: {access, refresh}; the old refresh token is blacklisted at once', async (api) => {
    const pair = await api.login()
    const rotated = await api.request('POST', '/token/refresh/', { json: { refresh: pair.refresh } })
    api.note('a new refresh token', claimsOf(String(rotated.data.refresh)).jti !== claimsOf(pair.refresh).jti)
    await api.request('POST', '/token/refresh/', { json: { refresh: pair.refresh } })
    await api.request('POST', '/token/refresh/', { json: { refresh: String(rotated.data.refresh) } })
  })

  differential('verify: the rotated-away refresh token is refused with a 400 "Token is blacklisted"', async (api) => {
    const pair = await api.login()
    await api.request('POST', '/token/refresh/', { json: { refresh: pair.refresh } })
    await api.request('POST', '/token/verify/', { json: { token: pair.refresh } })
  })

  // Both win: the second presents the token the first just spent, within the grace window (sessions.test.ts has REFRESH_GRACE_SECONDS=0).
  differential('refresh: two parallel refreshes with one token', async (api) => {
    const pair = await api.login()
    const refresh = () => api.request('POST', '/token/refresh/', { json: { refresh: pair.refresh }, unrecorded: true })
    const results = await Promise.all([refresh(), refresh()])
    const outcomes = results.map((result) => ({ status: result.status, body: result.status === 200 ? Object.keys(result.data) : result.data }))
    api.note('outcomes', outcomes.sort((a, b) => a.status - b.status))
  })
})

describeDifferential('token endpoints with short lifetimes', { accessSeconds: 3, refreshSeconds: 60 }, (differential) => {
  differential('obtain: follows the configured lifetimes', async (api) => {
    const pair = await api.login()
    // The transcript rounds lifetimes to 10 s: the exact ones, from one clock reading per token pair.
    api.note('exp - iat', [pair.access, pair.refresh].map((token) => Number(claimsOf(token).exp) - Number(claimsOf(token).iat)))
  })
})
