/** Differential: simplejwt's sliding tokens (DIALECT=sliding; tests/unit/contract/sliding.test.ts), mock and Django side by side. */
import { describeDifferential, type DifferentialClient } from './harness'
import { ADMIN, DEMO, claimsOf, newJti, nowSeconds } from './helpers'

async function obtain(api: DifferentialClient, credentials = DEMO): Promise<string> {
  const response = await api.request('POST', '/token/', { json: credentials })
  return String(response.data.token)
}

/** A sliding token for demo signed with the server's key, with its exp and refresh_exp `ago` seconds in the past (or ahead). */
function slidingToken(api: DifferentialClient, { expIn = 300, refreshExpIn = 86_400, userId = 1 } = {}): Promise<string> {
  const now = nowSeconds()
  return api.sign({ token_type: 'sliding', exp: now + expIn, iat: now, jti: newJti(), refresh_exp: now + refreshExpIn, user_id: userId })
}

describeDifferential('sliding tokens', { dialect: 'sliding' }, (differential) => {
  differential('obtain: 200 {token}; wrong password 401; missing fields 400', async (api) => {
    const token = await obtain(api)
    api.note('refresh_exp - iat', Number(claimsOf(token).refresh_exp) - Number(claimsOf(token).iat))
    await api.request('POST', '/token/', { json: { username: 'demo', password: 'nope' } })
    await api.request('POST', '/token/', { json: {} })
    await api.request('POST', '/token/', { body: new URLSearchParams(DEMO), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
  })

  differential('the token authenticates with JWT and Bearer; jwt and a pair token are refused', async (api) => {
    const token = await obtain(api)
    await api.request('GET', '/me/', { authorization: `JWT ${token}` })
    await api.request('GET', '/me/', { authorization: `Bearer ${token}` })
    await api.request('GET', '/me/', { authorization: `jwt ${token}` })
    await api.request('GET', '/me/', { authorization: 'JWT' })
    const now = nowSeconds()
    const pairAccess = await api.sign({ token_type: 'access', exp: now + 300, iat: now, jti: newJti(), user_id: 1 })
    await api.request('GET', '/me/', { authorization: `JWT ${pairAccess}` })
  })

  differential('slide: a new token with the same jti and refresh_exp; the old one still works', async (api) => {
    const token = await obtain(api)
    const slid = await api.request('POST', '/token/refresh/', { json: { token } })
    const next = String(slid.data.token)
    api.note('jti and refresh_exp kept', claimsOf(next).jti === claimsOf(token).jti && claimsOf(next).refresh_exp === claimsOf(token).refresh_exp)
    await api.request('GET', '/orders/', { authorization: `JWT ${token}` })
    await api.request('POST', '/token/refresh/', { json: { token } })
  })

  differential('slide: refuses the "refresh" field, an expired token, a token past refresh_exp and garbage', async (api) => {
    await api.request('POST', '/token/refresh/', { json: { refresh: await obtain(api) } })
    await api.request('POST', '/token/refresh/', { json: { token: await slidingToken(api, { expIn: -10 }) } })
    await api.request('POST', '/token/refresh/', { json: { token: await slidingToken(api, { refreshExpIn: -10 }) } })
    await api.request('POST', '/token/refresh/', { json: { token: 'not-a-token' } })
  })

  differential('a token without jti (drf-jwt) is "Token has no id" on /me/ and refresh (stock: a KeyError, 500)', async (api) => {
    const foreign = await api.sign({ user_id: 1, username: 'demo', exp: nowSeconds() + 300, email: '', orig_iat: nowSeconds() })
    await api.request('GET', '/me/', { authorization: `JWT ${foreign}` })
    await api.request('POST', '/token/refresh/', { json: { token: foreign } })
  })

  differential('claims of the wrong type or size (refresh_exp, exp, user_id, jti): an invalid token on /me/, refresh and verify (stock: 500)', async (api) => {
    const now = nowSeconds()
    const claims = { token_type: 'sliding', exp: now + 300, iat: now, jti: 'sliding-hostile', refresh_exp: now + 600, user_id: '1', token_version: 0 }
    for (const changed of [{ refresh_exp: 'later' }, { refresh_exp: null }, { refresh_exp: [1] }, { refresh_exp: 2 ** 64 }, { exp: 2 ** 64 }, { user_id: 'abc' }, { jti: '\ud800' }, { jti: 'a\u0000b' }]) {
      const token = await api.sign({ ...claims, ...changed })
      await api.request('GET', '/me/', { authorization: `JWT ${token}` })
      await api.request('POST', '/token/refresh/', { json: { token } })
      await api.request('POST', '/token/verify/', { json: { token } })
    }
  })

  differential('verify answers {}; there is no blacklist endpoint', async (api) => {
    const token = await obtain(api)
    await api.request('POST', '/token/verify/', { json: { token } })
    await api.request('POST', '/token/verify/', { json: { token: await slidingToken(api, { refreshExpIn: -10 }) } })
    await api.request('POST', '/token/blacklist/', { json: { refresh: token } })
  })

  // Last, and as admin: it leaves admin at token version 1, where a sliding token without the claim (counted as
  // version 0) is refused; a new login carries the version (VersionedTokenObtainSlidingSerializer) and works.
  differential('"log out everywhere" blacklists the outstanding sliding tokens; a minted one is refused by its version; a new login works', async (api) => {
    const token = await obtain(api, ADMIN)
    const minted = await slidingToken(api, { userId: 2 })
    await api.request('POST', '/me/logout-all/', { authorization: `JWT ${await obtain(api, ADMIN)}` })
    await api.request('GET', '/me/', { authorization: `JWT ${token}` })
    await api.request('POST', '/token/refresh/', { json: { token } })
    // Verify refuses what authentication refuses (ROTATE=0 here: no blacklist check, the version decides).
    await api.request('POST', '/token/verify/', { json: { token } })
    await api.request('POST', '/token/verify/', { json: { token: minted } })
    await api.request('GET', '/me/', { authorization: `JWT ${minted}` })
    const slid = await api.request('POST', '/token/refresh/', { json: { token: minted } })
    await api.request('GET', '/me/', { authorization: `JWT ${String(slid.data.token)}` })
    await api.request('GET', '/me/', { authorization: `JWT ${await obtain(api, ADMIN)}` })
  })
})
