/**
 * Differential: revocation (tests/unit/contract/revocation.test.ts): POST /me/password/ and POST /me/logout-all/,
 * and how every older token of the user is refused after them, on the mock and on Django side by side.
 *
 * Cases change passwords, and each case runs in English then in Chinese against the same two databases; so a
 * case never assumes a password: it logs in with whichever of this file's passwords is the user's now (tries
 * left out of the transcript), and sets a password of its own.
 */
import { describeDifferential, type DifferentialClient } from './harness'
import { ADMIN, DEMO, claimsOf, newJti, nowSeconds } from './helpers'

type Pair = { access: string; refresh: string }
type Account = { username: string; password: string }

/** Every password this file sets, per user, after the seed's: a login tries them in this order. */
const PASSWORDS: Record<string, string[]> = { demo: [DEMO.password], admin: [ADMIN.password] }

/** A password this case sets: different per case and language, accepted by Django's validators. */
function newPasswordFor(api: DifferentialClient, username: string, tag: string): string {
  const password = `kettle-${tag}-${api.language}`
  const known = PASSWORDS[username] as string[]
  if (!known.includes(password)) known.push(password)
  return password
}

/**
 * loginAs finds a password by trying them (failures, all from 127.0.0.1): more than the login lockout allows in a row
 * over a file's cases, so its limits are raised here (still counted: tests/differential/lockout.test.ts proves them).
 */
const LOGINS_BY_TRIAL = { loginFailureLimit: 1000, addressFailureLimit: 1000 }

/** Logs in as the user with their current password (the failed tries are not recorded), then records the login. */
async function loginAs(api: DifferentialClient, username: string): Promise<Account & Pair> {
  for (const password of PASSWORDS[username] ?? []) {
    const tried = await api.request('POST', '/token/', { json: { username, password }, unrecorded: true })
    if (tried.status !== 200) continue
    const pair = await api.login({ username, password })
    return { username, password, ...pair }
  }
  throw new Error(`none of this file's passwords logs ${username} in`)
}

const jwt = (access: string) => `JWT ${access}`

/** The protected endpoints' answers for an access token: /me/, the order list, one order. */
async function useAccess(api: DifferentialClient, access: string): Promise<void> {
  await api.request('GET', '/me/', { authorization: jwt(access) })
  await api.request('GET', '/orders/?page_size=1', { authorization: jwt(access) })
  await api.request('GET', '/orders/1/', { authorization: jwt(access) })
}

/** What the token endpoints say of a refresh token: refresh, verify, then blacklist (logout). */
async function useRefresh(api: DifferentialClient, refresh: string): Promise<void> {
  await api.request('POST', '/token/refresh/', { json: { refresh } })
  await api.request('POST', '/token/verify/', { json: { token: refresh } })
  await api.request('POST', '/token/blacklist/', { json: { refresh } })
}

function changePassword(api: DifferentialClient, access: string, body: unknown) {
  return api.request('POST', '/me/password/', { json: body, authorization: jwt(access) })
}

/** The token version a token carries, as a difference from another's (absolute versions grow case by case). */
function versionStep(token: string, from: string): number {
  return Number(claimsOf(token).token_version) - Number(claimsOf(from).token_version)
}

describeDifferential('revocation: POST /me/password/', LOGINS_BY_TRIAL, (differential) => {
  differential('200 {access, refresh} of the next version; every older token of the user refused; the old password no longer logs in', async (api) => {
    const deviceA = await loginAs(api, 'demo')
    const deviceB = await api.login({ username: 'demo', password: deviceA.password })
    const admin = await loginAs(api, 'admin')
    const newPassword = newPasswordFor(api, 'demo', 'change')
    const changed = await changePassword(api, deviceA.access, { old_password: deviceA.password, new_password: newPassword })
    const pair = changed.data as Pair
    api.note('the new pair is one version on', [versionStep(pair.access, deviceA.access), versionStep(pair.refresh, deviceA.refresh)])
    for (const old of [deviceA, deviceB]) {
      await useAccess(api, old.access)
      await useRefresh(api, old.refresh)
      await api.request('POST', '/token/verify/', { json: { token: old.access } })
    }
    await useAccess(api, pair.access)
    const refreshed = await api.request('POST', '/token/refresh/', { json: { refresh: pair.refresh } })
    api.note('the refreshed access token keeps the version', versionStep(String(refreshed.data.access), pair.access))
    await api.request('GET', '/me/', { authorization: jwt(String(refreshed.data.access)) })
    // Another user is untouched.
    await api.request('GET', '/me/', { authorization: jwt(admin.access) })
    await api.request('POST', '/token/refresh/', { json: { refresh: admin.refresh } })
    await api.request('POST', '/token/', { json: { username: 'demo', password: deviceA.password } })
    const again = await api.login({ username: 'demo', password: newPassword })
    api.note('a new login carries the new version', versionStep(again.access, pair.access))
  })

  differential('400 {old_password} for a wrong current password; nothing changes', async (api) => {
    const demo = await loginAs(api, 'demo')
    await changePassword(api, demo.access, { old_password: 'not-my-password', new_password: 'kettle-violet-42' })
    await changePassword(api, demo.access, { old_password: `${demo.password}x`, new_password: 'kettle-violet-42' })
    await api.request('GET', '/me/', { authorization: jwt(demo.access) })
    await api.request('POST', '/token/refresh/', { json: { refresh: demo.refresh } })
  })

  differential('400 {new_password}: each of Django’s four validators, alone and together', async (api) => {
    const demo = await loginAs(api, 'demo')
    for (const newPassword of ['x7!kq', 'abcdefg', 'password', 'PassWord', 'iloveyou', '3141592653', '²²²²²²²²', '2024', '123', '12345678', 'demo', 'dem0', 'Demo12', 'demo1234']) {
      await changePassword(api, demo.access, { old_password: 'wrong', new_password: newPassword })
    }
    const admin = await loginAs(api, 'admin')
    for (const newPassword of ['admin', 'nimda123', 'admin123', 'adminadmin', 'Admin12']) {
      await changePassword(api, admin.access, { old_password: 'wrong', new_password: newPassword })
    }
  })

  differential('both fields are checked at once, old_password first', async (api) => {
    const demo = await loginAs(api, 'demo')
    await changePassword(api, demo.access, { old_password: 'wrong', new_password: '123' })
    await changePassword(api, demo.access, { new_password: '123', old_password: 'wrong' })
  })

  differential('400 for the shape first, like any serializer: missing, blank, null, not a dict, malformed JSON', async (api) => {
    const demo = await loginAs(api, 'demo')
    for (const body of [{}, { old_password: '' }, { old_password: ' ', new_password: '' }, { old_password: null, new_password: 'x' }, { old_password: ['a'], new_password: 'x' }, [], 'text']) {
      await changePassword(api, demo.access, body)
    }
    await api.request('POST', '/me/password/', { body: '{"old_password": ', headers: { 'Content-Type': 'application/json' }, authorization: jwt(demo.access) })
    await api.request('POST', '/me/password/', { authorization: jwt(demo.access) })
    await api.request('GET', '/me/', { authorization: jwt(demo.access) })
  })

  differential('trims both passwords, as simplejwt’s PasswordField does at login', async (api) => {
    const demo = await loginAs(api, 'demo')
    const newPassword = newPasswordFor(api, 'demo', 'trimmed')
    await changePassword(api, demo.access, { old_password: ` ${demo.password} `, new_password: `  ${newPassword}\t` })
    await api.login({ username: 'demo', password: newPassword })
  })

  differential('401 without a login or with a revoked token; 405 for GET; OPTIONS', async (api) => {
    await api.request('POST', '/me/password/', { json: { old_password: 'a', new_password: 'b' } })
    await api.request('POST', '/me/password/', { json: {}, authorization: 'JWT' })
    const demo = await loginAs(api, 'demo')
    await api.request('GET', '/me/password/', { authorization: jwt(demo.access) })
    await api.request('PUT', '/me/password/', { json: {}, authorization: jwt(demo.access) })
    await api.request('OPTIONS', '/me/password/', { authorization: jwt(demo.access) })
    await api.request('POST', '/me/password', { json: {}, authorization: jwt(demo.access) })
  })
})

describeDifferential('revocation: POST /me/logout-all/', LOGINS_BY_TRIAL, (differential) => {
  differential('204 with no body; every token of the user refused, this device’s too; a new login works', async (api) => {
    const deviceA = await loginAs(api, 'demo')
    const deviceB = await api.login({ username: 'demo', password: deviceA.password })
    const admin = await loginAs(api, 'admin')
    await api.request('POST', '/me/logout-all/', { authorization: jwt(deviceB.access) })
    for (const old of [deviceA, deviceB]) {
      await useAccess(api, old.access)
      await useRefresh(api, old.refresh)
    }
    await api.request('POST', '/me/logout-all/', { authorization: jwt(deviceB.access) })
    await api.request('GET', '/me/', { authorization: jwt(admin.access) })
    const again = await api.login({ username: 'demo', password: deviceA.password })
    api.note('a new login carries the next version', versionStep(again.access, deviceA.access))
    await useAccess(api, again.access)
  })

  differential('tokens minted without the claim count as version 0; a claim of another version or type is refused', async (api) => {
    const demo = await loginAs(api, 'demo')
    const version = Number(claimsOf(demo.access).token_version)
    const now = nowSeconds()
    const access = (extra: Record<string, unknown>) => api.sign({ token_type: 'access', exp: now + 300, iat: now, jti: newJti(), user_id: 1, ...extra })
    // Before any revocation of admin (version 0), a token without the claim is accepted.
    await api.request('GET', '/me/', { authorization: jwt(await api.sign({ token_type: 'access', exp: now + 300, iat: now, jti: newJti(), user_id: 2 })) })
    for (const extra of [{}, { token_version: version }, { token_version: version + 1 }, { token_version: String(version) }, { token_version: null }]) {
      await api.request('GET', '/me/', { authorization: jwt(await access(extra)) })
    }
  })

  differential('needs a login (401) and a POST (405); OPTIONS', async (api) => {
    await api.request('POST', '/me/logout-all/')
    const admin = await loginAs(api, 'admin')
    await api.request('GET', '/me/logout-all/', { authorization: jwt(admin.access) })
    await api.request('OPTIONS', '/me/logout-all/', { authorization: jwt(admin.access) })
    await api.request('GET', '/me/', { authorization: jwt(admin.access) })
  })
})

describeDifferential('revocation with rotation (ROTATE_REFRESH_TOKENS + BLACKLIST_AFTER_ROTATION)', { ...LOGINS_BY_TRIAL, rotate: true }, (differential) => {
  differential('rotated refresh tokens and their access tokens are refused after logout-all; verify calls them blacklisted', async (api) => {
    const first = await loginAs(api, 'demo')
    const rotated = (await api.request('POST', '/token/refresh/', { json: { refresh: first.refresh } })).data as Pair
    const rotatedTwice = (await api.request('POST', '/token/refresh/', { json: { refresh: rotated.refresh } })).data as Pair
    const other = await api.login({ username: 'demo', password: first.password })
    await api.request('POST', '/me/logout-all/', { authorization: jwt(other.access) })
    for (const pair of [rotated, rotatedTwice, other]) {
      await useAccess(api, pair.access)
      await useRefresh(api, pair.refresh)
      await api.request('POST', '/token/verify/', { json: { token: pair.access } })
    }
  })

  differential('a refresh token the server never recorded (minted) is refused by its version', async (api) => {
    const admin = await loginAs(api, 'admin')
    const now = nowSeconds()
    const minted = await api.sign({ token_type: 'refresh', exp: now + 600, iat: now, jti: newJti(), user_id: 2, token_version: claimsOf(admin.refresh).token_version })
    await api.request('POST', '/token/verify/', { json: { token: minted } })
    await api.request('POST', '/me/logout-all/', { authorization: jwt(admin.access) })
    await useRefresh(api, minted)
  })

  differential('a password change with rotation: the new pair rotates; the old refresh token is refused', async (api) => {
    const demo = await loginAs(api, 'demo')
    const newPassword = newPasswordFor(api, 'demo', 'rotation')
    const changed = (await changePassword(api, demo.access, { old_password: demo.password, new_password: newPassword })).data as Pair
    await useRefresh(api, demo.refresh)
    const rotated = (await api.request('POST', '/token/refresh/', { json: { refresh: changed.refresh } })).data as Pair
    api.note('the rotated pair keeps the version', [versionStep(rotated.access, changed.access), versionStep(rotated.refresh, changed.refresh)])
    await useAccess(api, rotated.access)
  })
})
