/**
 * Differential: cookie mode (REFRESH_TRANSPORT=cookie on Django, refreshTransport 'cookie' on the mock; issue 26).
 * The refresh token travels in the httpOnly `__Host-refresh` cookie only: the same Set-Cookie headers (reduced to
 * their shape), statuses and bodies in both languages for the login (with and without remember), the rotation, the
 * grace window, a reuse, a missing or refused cookie, the logout, the password change, the devices list, and the
 * token views' CSRF check (X-Requested-With, then Sec-Fetch-Site, else Origin).
 *
 * Node's fetch keeps no cookies: a case sends the cookie it was given in a Cookie header, as a browser would.
 */
import { describeDifferential, type DifferentialClient, type Exchange, type RequestOptions } from './harness'
import { ADMIN, DEMO, claimsOf } from './helpers'

const CSRF = { 'X-Requested-With': 'XMLHttpRequest' }

/** The refresh token a Set-Cookie of the answer carries ('' for a clearing one), or undefined without one. */
function cookieOf(answer: Exchange): string | undefined {
  const header = answer.headers.getSetCookie().find((value) => value.startsWith('__Host-refresh='))
  if (header === undefined) return undefined
  const value = header.slice('__Host-refresh='.length).split(';')[0] ?? ''
  return value === '""' ? '' : value
}

/** A token view's request as the app makes it: the CSRF header, and the cookie (when given) in a Cookie header. */
function tokenPost(api: DifferentialClient, path: string, cookie: string | undefined, options: RequestOptions = {}) {
  return api.request('POST', path, {
    json: {},
    ...options,
    headers: { ...CSRF, ...(cookie === undefined ? {} : { Cookie: `__Host-refresh=${cookie}` }), ...options.headers },
  })
}

/** Logs in as demo (or `account`) with the CSRF header; the access token and the cookie's refresh token. */
async function login(api: DifferentialClient, extra: object = {}, account = DEMO): Promise<{ access: string; refresh: string }> {
  const answer = await tokenPost(api, '/token/', undefined, { json: { ...account, ...extra } })
  const refresh = cookieOf(answer)
  if (answer.status !== 200 || !refresh) throw new Error(`the cookie-mode login answered ${answer.status}`)
  return { access: (answer.data as { access: string }).access, refresh }
}

const jwt = (access: string) => `JWT ${access}`

describeDifferential('cookie mode (REFRESH_TRANSPORT=cookie, rotation, 30 s grace)', { refreshTransport: 'cookie', rotate: true }, (differential) => {
  differential('a login answers {access} alone and a browser-session cookie; the access token carries refresh_exp', async (api) => {
    const { access, refresh } = await login(api)
    const claims = claimsOf(access)
    api.note('refresh_exp is the cookie token’s exp', claims.refresh_exp === claimsOf(refresh).exp)
    await api.request('GET', '/me/', { authorization: jwt(access) })
  })

  differential('remember: true gives a persistent cookie (Max-Age, expires) and its successors are persistent too', async (api) => {
    const { refresh } = await login(api, { remember: true })
    const refreshed = await tokenPost(api, '/token/refresh/', refresh)
    api.note('rotated', cookieOf(refreshed) !== refresh)
    // remember is a DRF BooleanField: a string spelling passes, a non-boolean is a field error.
    await tokenPost(api, '/token/', undefined, { json: { ...DEMO, remember: 'true' } })
    await tokenPost(api, '/token/', undefined, { json: { ...DEMO, remember: 'maybe' } })
  })

  differential('a refresh reads the cookie only, rotates it, and the grace window gives the spent token the same successor', async (api) => {
    const { refresh } = await login(api)
    // A refresh token in the body is not read: the cookie is.
    const first = await tokenPost(api, '/token/refresh/', refresh, { json: { refresh: 'not-a-token' } })
    const successor = cookieOf(first)
    const again = await tokenPost(api, '/token/refresh/', refresh)
    api.note('the grace window’s answer is the same successor', cookieOf(again) === successor)
    const next = await tokenPost(api, '/token/refresh/', successor)
    api.note('the successor rotates in turn', cookieOf(next) !== successor)
  })

  differential('no cookie, an empty one, a malformed one, a forged one: 401 and the clearing cookie', async (api) => {
    await tokenPost(api, '/token/refresh/', undefined)
    await tokenPost(api, '/token/refresh/', '')
    await tokenPost(api, '/token/refresh/', 'not-a-token')
    const forged = await api.sign({ token_type: 'refresh', exp: Math.floor(Date.now() / 1000) + 600, jti: 'f'.repeat(32), user_id: 1 }, { secret: 'another key' })
    await tokenPost(api, '/token/refresh/', forged)
    // An access token is no refresh token.
    const { access } = await login(api)
    await tokenPost(api, '/token/refresh/', access)
  })

  differential('a logout answers {} and the clearing cookie (with or without a cookie); its token is refused after', async (api) => {
    const { access, refresh } = await login(api)
    await tokenPost(api, '/token/blacklist/', refresh)
    await tokenPost(api, '/token/refresh/', refresh)
    await tokenPost(api, '/token/blacklist/', undefined)
    await tokenPost(api, '/token/blacklist/', 'not-a-token')
    // The access token lives on until its exp (JWT alone can't revoke it), as in body mode.
    await api.request('GET', '/me/', { authorization: jwt(access) })
  })

  differential('the devices list shows the cookie’s session; ending it from the list refuses its cookie', async (api) => {
    const { access, refresh } = await login(api)
    const list = await api.request('GET', '/me/sessions/', { authorization: jwt(access), unrecorded: true })
    const sessions = list.data as { id: string; current: boolean }[]
    api.note('the list names the asking session', sessions.filter((session) => session.current).length)
    const current = sessions.find((session) => session.current)
    const ended = await api.request('DELETE', `/me/sessions/${current?.id}/`, { authorization: jwt(access), unrecorded: true })
    api.note('DELETE /me/sessions/<current>/', ended.status)
    await tokenPost(api, '/token/refresh/', refresh)
  })

  differential('log out everywhere refuses every cookie of the user', async (api) => {
    const one = await login(api, {}, ADMIN)
    const two = await login(api, { remember: true }, ADMIN)
    await api.request('POST', '/me/logout-all/', { json: {}, authorization: jwt(one.access) })
    await tokenPost(api, '/token/refresh/', one.refresh)
    await tokenPost(api, '/token/refresh/', two.refresh)
  })

  differential('the token views refuse a request without X-Requested-With: 403 csrf_failed, nothing counted or changed', async (api) => {
    const { refresh } = await login(api)
    const without = { headers: { 'X-Requested-With': null } }
    await tokenPost(api, '/token/', undefined, { json: { ...DEMO, password: 'wrong' }, ...without })
    await tokenPost(api, '/token/refresh/', refresh, without)
    await tokenPost(api, '/token/blacklist/', refresh, without)
    await tokenPost(api, '/token/refresh/', refresh, { headers: { 'X-Requested-With': '' } })
    // The cookie is still good: nothing was spent.
    const after = await tokenPost(api, '/token/refresh/', refresh)
    api.note('the refused requests spent nothing', after.status)
  })

  differential('Sec-Fetch-Site, when sent, must be same-origin; else Origin must be the server’s own', async (api) => {
    const { refresh } = await login(api)
    let cookie: string | undefined = refresh
    for (const site of ['cross-site', 'same-site', 'none', 'same-origin']) {
      const answer = await tokenPost(api, '/token/refresh/', cookie, { headers: { 'Sec-Fetch-Site': site } })
      cookie = cookieOf(answer) || cookie
    }
    for (const origin of ['https://evil.example', 'null', api.origin]) {
      const answer = await tokenPost(api, '/token/refresh/', cookie, { headers: { Origin: origin } })
      cookie = cookieOf(answer) || cookie
    }
    // Sec-Fetch-Site decides before Origin.
    await tokenPost(api, '/token/refresh/', cookie, { headers: { 'Sec-Fetch-Site': 'cross-site', Origin: api.origin } })
  })

  differential('token/verify/ has no CSRF check and reads its body', async (api) => {
    const { access } = await login(api)
    await api.request('POST', '/token/verify/', { json: { token: access } })
  })
})

describeDifferential('cookie mode without a grace window', { refreshTransport: 'cookie', rotate: true, graceSeconds: 0 }, (differential) => {
  differential('a spent cookie sent again is a reuse: the session ends, its successor is refused too', async (api) => {
    const { refresh } = await login(api)
    const first = await tokenPost(api, '/token/refresh/', refresh)
    const successor = cookieOf(first)
    await tokenPost(api, '/token/refresh/', refresh)
    await tokenPost(api, '/token/refresh/', successor)
  })
})

describeDifferential('cookie mode without rotation', { refreshTransport: 'cookie', rotate: false }, (differential) => {
  differential('a refresh answers {access} and sets no cookie (the cookie stays)', async (api) => {
    const { refresh } = await login(api)
    const answer = await tokenPost(api, '/token/refresh/', refresh)
    api.note('refresh_exp is the kept cookie’s exp', claimsOf((answer.data as { access: string }).access).refresh_exp === claimsOf(refresh).exp)
  })
})

describeDifferential('cookie mode: the password change', { refreshTransport: 'cookie', rotate: true }, (differential) => {
  /** admin's passwords in this block: the seed's, then the one each language's case sets. */
  const passwords = [ADMIN.password, 'kettle-cookie-en', 'kettle-cookie-zh-CN']

  differential('answers {access} and the new session’s cookie (persistent iff the session was remembered); the old cookie is refused', async (api) => {
    let account = ADMIN
    for (const password of passwords) {
      const tried = await tokenPost(api, '/token/', undefined, { json: { username: 'admin', password }, unrecorded: true })
      if (tried.status === 200) account = { username: 'admin', password }
    }
    const { access, refresh } = await login(api, { remember: true }, account)
    const changed = await api.request('POST', '/me/password/', {
      json: { old_password: account.password, new_password: `kettle-cookie-${api.language}` },
      authorization: jwt(access),
    })
    const fresh = cookieOf(changed)
    api.note('a new cookie', fresh !== undefined && fresh !== refresh)
    await tokenPost(api, '/token/refresh/', refresh)
    await tokenPost(api, '/token/refresh/', fresh)
  })
})
