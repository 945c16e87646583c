/** Differential: how protected endpoints treat the Authorization header (tests/unit/contract/authentication.test.ts). */
import { isDeepStrictEqual } from 'node:util'
import { describeDifferential, type DifferentialClient } from './harness'
import { ADMIN, accessToken, claimsOf, newJti, nowSeconds } from './helpers'

describeDifferential('protected endpoints: the Authorization header', {}, (differential) => {
  differential('accepts the JWT and the Bearer scheme', async (api) => {
    const { access } = await api.login()
    await api.request('GET', '/me/', { authorization: `JWT ${access}` })
    await api.request('GET', '/me/', { authorization: `Bearer ${access}` })
  })

  differential('answers 401 "not provided" without an Authorization header', async (api) => {
    await api.request('GET', '/me/')
    await api.request('GET', '/orders/')
  })

  for (const [name, header] of [
    ['an empty header', ''],
    ['an unknown scheme', 'Token abc'],
    ['a lower-case scheme', 'jwt abc'],
  ] as const) {
    differential(`answers 401 "not provided" for ${name}`, async (api) => {
      await api.request('GET', '/me/', { authorization: header })
    })
  }

  for (const header of ['JWT', 'JWT a b', 'Bearer']) {
    differential(`answers 401 bad_authorization_header for "${header}"`, async (api) => {
      await api.request('GET', '/orders/', { authorization: header })
    })
  }

  differential('tells an expired token ("Token is expired") from a forged one ("Token is invalid"), as simplejwt 5.4+ does', async (api) => {
    const live = await accessToken(api)
    const exp = nowSeconds() - 1
    const expired = await api.sign({ ...claimsOf(live), exp, iat: exp - 300 })
    const forged = await api.sign(claimsOf(live), { secret: 'someone-else' })
    const fromExpired = await api.request('GET', '/me/', { authorization: `JWT ${expired}` })
    const fromForged = await api.request('GET', '/me/', { authorization: `JWT ${forged}` })
    api.note('the same body', isDeepStrictEqual(fromExpired.data, fromForged.data))
  })

  differential('accepts an access token before its exp and refuses it from its exp on', async (api) => {
    const now = nowSeconds()
    const claims = { token_type: 'access', iat: now - 295, jti: newJti(), user_id: 1 }
    // exp = now is already past (the server's clock has a fraction of a second more): simplejwt's `exp <= now`.
    await api.request('GET', '/me/', { authorization: `JWT ${await api.sign({ ...claims, exp: now + 5 })}` })
    await api.request('GET', '/me/', { authorization: `JWT ${await api.sign({ ...claims, exp: now })}` })
  })

  const forgeries: Array<[string, (access: string, api: DifferentialClient) => Promise<string>]> = [
    ['garbage', async () => 'garbage'],
    ['a changed payload', async (access) => {
      const [head, , signature] = access.split('.')
      return `${head}.${Buffer.from(JSON.stringify({ ...claimsOf(access), user_id: 2 })).toString('base64url')}.${signature}`
    }],
    ['alg: none', async (access, api) => api.sign(claimsOf(access), { alg: 'none' })],
    ['a bad signature', async (access) => `${access.slice(0, -4)}AAAA`],
  ]
  for (const [name, make] of forgeries) {
    differential(`answers 401 token_not_valid with messages for ${name}`, async (api) => {
      const { access } = await api.login()
      await api.request('GET', '/me/', { authorization: `JWT ${await make(access, api)}` })
    })
  }

  differential('refuses a refresh token used as access: "Token has wrong type"', async (api) => {
    const { refresh } = await api.login()
    await api.request('GET', '/orders/', { authorization: `Bearer ${refresh}` })
  })

  differential('refuses a valid token of a user that does not exist', async (api) => {
    await api.request('GET', '/me/', { authorization: `JWT ${await accessToken(api, 99)}` })
  })

  differential('looks the user up as Django does: "2", " 2 " and 2.5 are admin, null is no one; "abc", a list, past 64 bits: an invalid token (stock: 500)', async (api) => {
    const now = nowSeconds()
    for (const userId of ['2', ' 2 ', 2.5, true, null, 'abc', [1], { id: 1 }, '', '1.5', 2 ** 64, '9'.repeat(30), 'a\u0000b', '\ud800']) {
      await api.request('GET', '/me/', { authorization: `JWT ${await api.sign({ token_type: 'access', exp: now + 60, iat: now, jti: newJti(), user_id: userId })}` })
    }
  })

  differential('/me/ names the user of the token', async (api) => {
    const { access } = await api.login(ADMIN)
    await api.request('GET', '/me/', { authorization: `JWT ${access}` })
  })
})
