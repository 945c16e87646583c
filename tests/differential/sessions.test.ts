/**
 * Differential: sessions the server knows (server/accounts/services.py, packages/mock/src/sessions.ts). A login starts a
 * session named by the `sid` claim; a refresh consumes the current refresh token once, however many race; the
 * token spent last gets the same successor within REFRESH_GRACE_SECONDS; any other token of the session ends it
 * (reuse); no token outlives SESSION_MAX_SECONDS; GET/DELETE /me/sessions/; logout, "log out everywhere" and a
 * password change end sessions.
 *
 * Session ids and tokens differ by nature between the two servers: a case records what it can compare (statuses,
 * bodies reduced to their shapes) and notes facts about ids ("the listed id is the token's sid").
 */
import { LANGUAGES, describeDifferential, type DifferentialClient, type Exchange } from './harness'
import { ADMIN, DEMO, claimsOf } from './helpers'

type Pair = { access: string; refresh: string }

const CHROME_ON_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
/** The grace window of the first block: long enough for a case's requests, short enough to wait out. */
const GRACE_SECONDS = 2

const jwt = (access: string) => `JWT ${access}`
const sidOf = (token: string) => String(claimsOf(token).sid)
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A login from a device: its User-Agent names it in the list of sessions. */
async function loginFrom(api: DifferentialClient, userAgent: string, account = DEMO): Promise<Pair> {
  const answer = await api.request('POST', '/token/', { json: account, headers: { 'User-Agent': userAgent } })
  if (answer.status !== 200) throw new Error(`login answered ${answer.status}`)
  return answer.data as Pair
}

/**
 * The password-change case sets admin's password (one per language: Django's validators refuse the seed's
 * "admin123" as too similar to the username, so it can't be set back): a login as admin tries the seed's, then
 * those, unrecorded, and notes the one that works.
 */
const ADMIN_PASSWORDS = [ADMIN.password, ...LANGUAGES.map((language) => `kettle-sessions-${language}`)]

async function loginAsAdmin(api: DifferentialClient, userAgent: string): Promise<Pair & { password: string }> {
  for (const password of ADMIN_PASSWORDS) {
    const json = { username: ADMIN.username, password }
    const answer = await api.request('POST', '/token/', { json, headers: { 'User-Agent': userAgent }, unrecorded: true })
    if (answer.status !== 200) continue
    api.note('POST /token/ as admin', { status: answer.status, body: answer.data })
    return { ...(answer.data as Pair), password }
  }
  throw new Error('none of the passwords logs admin in')
}

/** DELETE /me/sessions/{id}/ of a real session, noted with the id named (ids differ by nature between the servers). */
async function signOut(api: DifferentialClient, access: string, sid: string, name: string): Promise<void> {
  const answer = await api.request('DELETE', `/me/sessions/${sid}/`, { authorization: jwt(access), unrecorded: true })
  const headers = Object.fromEntries(['content-type', 'allow', 'vary', 'content-language'].map((header) => [header, answer.headers.get(header)]))
  api.note(`DELETE /me/sessions/${name}/`, { status: answer.status, headers, body: answer.data })
}

function refresh(api: DifferentialClient, token: string, options: { unrecorded?: boolean } = {}): Promise<Exchange> {
  return api.request('POST', '/token/refresh/', { json: { refresh: token }, ...options })
}

/** Rotates and returns the new pair (recorded). */
async function rotate(api: DifferentialClient, token: string): Promise<Pair> {
  const answer = await refresh(api, token)
  if (answer.status !== 200) throw new Error(`refresh answered ${answer.status}`)
  return answer.data as Pair
}

/** GET /me/sessions/ with the ids told apart by what they name (the asking token's session, or others in order). */
async function listSessions(api: DifferentialClient, access: string, names: Record<string, string> = {}): Promise<void> {
  const answer = await api.request('GET', '/me/sessions/', { authorization: jwt(access), unrecorded: true })
  const asking = sidOf(access)
  const items = Array.isArray(answer.data) ? (answer.data as Array<Record<string, unknown>>) : answer.data
  api.note('GET /me/sessions/', {
    status: answer.status,
    body: Array.isArray(items) ? items.map((item) => ({ ...item, id: item.id === asking ? '<asking>' : (names[String(item.id)] ?? '<other>') })) : items,
  })
}

/** What the protected endpoints and verify say of an access token. */
async function useAccess(api: DifferentialClient, access: string): Promise<void> {
  await api.request('GET', '/me/', { authorization: jwt(access) })
  await api.request('GET', '/me/sessions/', { authorization: jwt(access) })
  await api.request('POST', '/token/verify/', { json: { token: access } })
}

describeDifferential('sessions: rotation, the grace window, reuse', { rotate: true, graceSeconds: GRACE_SECONDS }, (differential) => {
  differential('a login starts a session: both tokens carry its sid; the list shows it, this device marked, labelled in the language', async (api) => {
    const phone = await loginFrom(api, SAFARI_ON_IPHONE)
    const laptop = await loginFrom(api, CHROME_ON_LINUX)
    const script = await loginFrom(api, 'curl/8.5.0')
    api.note('one sid per login, the same in both tokens', [
      sidOf(laptop.access) === sidOf(laptop.refresh),
      new Set([phone, laptop, script].map((pair) => sidOf(pair.refresh))).size,
    ])
    await listSessions(api, laptop.access, { [sidOf(phone.refresh)]: '<phone>', [sidOf(script.refresh)]: '<script>' })
    for (const pair of [phone, laptop, script]) await api.request('POST', '/token/blacklist/', { json: { refresh: pair.refresh } })
  })

  differential('a refresh spends the token: its successor, same session; the list shows the session last used now', async (api) => {
    const first = await loginFrom(api, CHROME_ON_LINUX)
    const second = await rotate(api, first.refresh)
    api.note('same session', [sidOf(second.access), sidOf(second.refresh)].every((sid) => sid === sidOf(first.refresh)))
    await api.request('GET', '/me/', { authorization: jwt(second.access) })
    await listSessions(api, second.access)
    await api.request('POST', '/token/verify/', { json: { token: first.refresh } })
    await rotate(api, second.refresh)
  })

  differential('the spent token again within the window: 200, the same successor and a good access token', async (api) => {
    const first = await loginFrom(api, CHROME_ON_LINUX)
    const second = await rotate(api, first.refresh)
    const again = await refresh(api, first.refresh)
    api.note('the same successor, another access token', [again.data.refresh === second.refresh, again.data.access !== second.access])
    await api.request('GET', '/me/', { authorization: jwt(String(again.data.access)) })
    // The family never forked: the successor is still current.
    await rotate(api, second.refresh)
  })

  differential('20 parallel refreshes with one token: all 200 with one successor', async (api) => {
    const first = await loginFrom(api, CHROME_ON_LINUX)
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(api, first.refresh, { unrecorded: true })))
    api.note('statuses', answers.map((answer) => answer.status))
    api.note('distinct refresh tokens, access tokens', [
      new Set(answers.map((answer) => answer.data.refresh)).size,
      new Set(answers.map((answer) => answer.data.access)).size,
    ])
    await rotate(api, String(answers[0]?.data.refresh))
  })

  differential('the spent token after the window: 401 like any refused token, and the whole session ends', async (api) => {
    const first = await loginFrom(api, CHROME_ON_LINUX)
    const second = await rotate(api, first.refresh)
    await pause(GRACE_SECONDS * 1000 + 200)
    await refresh(api, first.refresh)
    // Owner and thief alike: the current refresh token and every access token of the session.
    await refresh(api, second.refresh)
    await useAccess(api, second.access)
    await useAccess(api, first.access)
    await api.request('POST', '/token/blacklist/', { json: { refresh: second.refresh } })
  })

  differential('an older ancestor at any time ends the session; another session is untouched', async (api) => {
    const other = await loginFrom(api, SAFARI_ON_IPHONE)
    const first = await loginFrom(api, CHROME_ON_LINUX)
    const third = await rotate(api, (await rotate(api, first.refresh)).refresh)
    await refresh(api, first.refresh)
    await refresh(api, third.refresh)
    await api.request('GET', '/me/', { authorization: jwt(third.access) })
    await api.request('GET', '/me/', { authorization: jwt(other.access) })
    await rotate(api, other.refresh)
  })

  differential('DELETE /me/sessions/{id}/ signs a device out at once; another user’s, an unknown or an ended one is 404', async (api) => {
    const laptop = await loginFrom(api, CHROME_ON_LINUX)
    const phone = await loginFrom(api, SAFARI_ON_IPHONE)
    const admin = await loginAsAdmin(api, CHROME_ON_LINUX)
    await signOut(api, laptop.access, sidOf(phone.refresh), '<phone>')
    await useAccess(api, phone.access)
    await refresh(api, phone.refresh)
    await listSessions(api, laptop.access)
    await signOut(api, laptop.access, sidOf(admin.refresh), '<admin’s>')
    await api.request('DELETE', '/me/sessions/no-such-session/', { authorization: jwt(laptop.access) })
    await signOut(api, laptop.access, sidOf(phone.refresh), '<phone, ended>')
    await api.request('GET', '/me/', { authorization: jwt(admin.access) })
    await api.request('DELETE', '/me/sessions/x/')
    for (const pair of [laptop, admin]) await api.request('POST', '/token/blacklist/', { json: { refresh: pair.refresh } })
  })

  differential('logout ends the session, its access tokens included; the spent token within the window logs out too', async (api) => {
    const first = await loginFrom(api, CHROME_ON_LINUX)
    const other = await loginFrom(api, SAFARI_ON_IPHONE)
    await api.request('POST', '/token/blacklist/', { json: { refresh: first.refresh } })
    await useAccess(api, first.access)
    await refresh(api, first.refresh)
    await api.request('POST', '/token/blacklist/', { json: { refresh: first.refresh } })
    const spent = await rotate(api, other.refresh)
    await api.request('POST', '/token/blacklist/', { json: { refresh: other.refresh } })
    await useAccess(api, spent.access)
  })

  differential('log out everywhere and a password change end every session; the change starts one for the device that asked', async (api) => {
    const a = await loginAsAdmin(api, CHROME_ON_LINUX)
    const b = await loginAsAdmin(api, SAFARI_ON_IPHONE)
    await api.request('POST', '/me/logout-all/', { authorization: jwt(a.access) })
    for (const pair of [a, b]) {
      await useAccess(api, pair.access)
      await refresh(api, pair.refresh)
    }
    const c = await loginAsAdmin(api, CHROME_ON_LINUX)
    const d = await loginAsAdmin(api, SAFARI_ON_IPHONE)
    const changed = await api.request('POST', '/me/password/', {
      json: { old_password: d.password, new_password: `kettle-sessions-${api.language}` },
      authorization: jwt(d.access),
      headers: { 'User-Agent': SAFARI_ON_IPHONE },
    })
    const pair = changed.data as Pair
    await useAccess(api, c.access)
    await listSessions(api, pair.access)
  })

  differential('the two routes: OPTIONS, Allow, 405 for other methods, 401 without a login, the slash added', async (api) => {
    const pair = await loginFrom(api, CHROME_ON_LINUX)
    for (const method of ['OPTIONS', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']) await api.request(method, '/me/sessions/', { authorization: jwt(pair.access) })
    for (const method of ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH']) await api.request(method, '/me/sessions/x/', { authorization: jwt(pair.access) })
    await api.request('GET', '/me/sessions/', { authorization: 'JWT' })
    await api.request('OPTIONS', '/me/sessions/x/')
    await api.request('GET', '/me/sessions', { authorization: jwt(pair.access) })
    await api.request('DELETE', '/me/sessions/a.b/', { authorization: jwt(pair.access) })
    await api.request('POST', '/token/blacklist/', { json: { refresh: pair.refresh } })
  })
})

describeDifferential('sessions without a grace window (REFRESH_GRACE_SECONDS=0)', { rotate: true, graceSeconds: 0 }, (differential) => {
  differential('the spent token again at once ends the session', async (api) => {
    const first = await loginFrom(api, CHROME_ON_LINUX)
    const second = await rotate(api, first.refresh)
    await refresh(api, first.refresh)
    await refresh(api, second.refresh)
    await api.request('GET', '/me/', { authorization: jwt(second.access) })
  })

  differential('parallel refreshes with one token: one 200, the others are replays that end the session', async (api) => {
    const first = await loginFrom(api, CHROME_ON_LINUX)
    const answers = await Promise.all(Array.from({ length: 8 }, () => refresh(api, first.refresh, { unrecorded: true })))
    api.note('statuses', answers.map((answer) => answer.status).sort())
    const winner = answers.find((answer) => answer.status === 200)
    await refresh(api, String(winner?.data.refresh))
  })
})

/** The absolute end of this block's sessions: short enough to wait out. */
const SESSION_MAX_SECONDS = 3

describeDifferential('sessions: the absolute end (SESSION_MAX_SECONDS)', { rotate: true, sessionMaxSeconds: SESSION_MAX_SECONDS }, (differential) => {
  differential('no token outlives the session and no rotation extends it; past it, refresh is refused as expired', async (api) => {
    const first = await loginFrom(api, CHROME_ON_LINUX)
    const second = await rotate(api, first.refresh)
    const ends = [first.access, first.refresh, second.access, second.refresh].map((token) => Number(claimsOf(token).exp))
    const listed = await api.request('GET', '/me/sessions/', { authorization: jwt(second.access), unrecorded: true })
    const end = Math.floor(Date.parse(String((listed.data as Array<{ expires_at: string }>)[0]?.expires_at)) / 1000)
    api.note('every exp is the session’s end', ends.map((exp) => exp === end))
    await pause((end + 1) * 1000 - Date.now() + 100)
    await refresh(api, second.refresh)
    await api.request('GET', '/me/', { authorization: jwt(second.access) })
  })
})

describeDifferential('sessions with rotation off (ROTATE=0)', { rotate: false }, (differential) => {
  differential('the one refresh token gives access tokens of its session; logout ends the session', async (api) => {
    const pair = await loginFrom(api, CHROME_ON_LINUX)
    const first = await refresh(api, pair.refresh)
    await refresh(api, pair.refresh)
    api.note('same session', sidOf(String(first.data.access)) === sidOf(pair.refresh))
    await listSessions(api, String(first.data.access))
    await api.request('POST', '/token/blacklist/', { json: { refresh: pair.refresh } })
    await refresh(api, pair.refresh)
    await useAccess(api, String(first.data.access))
  })
})
