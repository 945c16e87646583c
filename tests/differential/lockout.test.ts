/**
 * Differential: the login lockout (server/accounts/lockout.py, packages/mock/src/lockout.ts) in every dialect, mock and Django
 * side by side: the counts, the 429 with Retry-After and its body in English and Chinese, the address from the trusted
 * proxy's X-Real-IP (both backends trust the test's 127.0.0.1), a forged X-Forwarded-For, credential stuffing, the
 * password change. Each case and language acts from addresses of its own, so no case sees another's counts. The
 * cool-off's growth and its end need a clock the test can move: the mock's contract tests and the server's suite.
 */
import { describeDifferential, type Dialect, type DifferentialClient } from './harness'
import { DEMO } from './helpers'

const OBTAIN_PATHS: Record<Dialect, string> = { pair: '/token/', sliding: '/token/', 'drf-jwt': '/api-token-auth/' }

/** An address for this case and language (TEST-NET-3), as the trusted proxy names it. */
function addressOf(api: DifferentialClient, case_: number, which = 0): string {
  return `203.0.113.${case_ * 8 + which * 2 + (api.language === 'en' ? 0 : 1)}`
}

function loginFrom(api: DifferentialClient, dialect: Dialect, address: string, credentials: { username: string; password: string }, options: { unrecorded?: boolean; headers?: Record<string, string> } = {}) {
  return api.request('POST', OBTAIN_PATHS[dialect], { json: credentials, headers: { 'X-Real-IP': address, ...options.headers }, unrecorded: options.unrecorded })
}

async function failTimes(api: DifferentialClient, dialect: Dialect, address: string, times: number, headers?: (n: number) => Record<string, string>) {
  const statuses: number[] = []
  for (let n = 0; n < times; n += 1) {
    const response = await loginFrom(api, dialect, address, { username: 'demo', password: `wrong-${n}` }, { unrecorded: true, headers: headers?.(n) })
    statuses.push(response.status)
  }
  return statuses
}

for (const dialect of ['pair', 'sliding', 'drf-jwt'] as const) {
  describeDifferential(`login lockout (${dialect})`, { dialect }, (differential) => {
    differential('10 wrong passwords, then 429 with Retry-After even for the right one; the owner elsewhere logs in', async (api) => {
      const guesser = addressOf(api, 0)
      api.note('the 10 tries', await failTimes(api, dialect, guesser, 10))
      await loginFrom(api, dialect, guesser, DEMO)
      await loginFrom(api, dialect, guesser, { username: 'DEMO', password: 'wrong' }) // usernames count case-insensitively
      await loginFrom(api, dialect, addressOf(api, 0, 1), DEMO)
      await loginFrom(api, dialect, guesser, DEMO) // the owner's success elsewhere unlocked nothing
    })

    differential('a forged X-Forwarded-For does not move the count; a field error is no attempt', async (api) => {
      const guesser = addressOf(api, 1)
      api.note('the 10 tries', await failTimes(api, dialect, guesser, 10, (n) => ({ 'X-Forwarded-For': `198.51.100.${n}` })))
      await loginFrom(api, dialect, guesser, DEMO, { headers: { 'X-Forwarded-For': '198.51.100.200' } })
      const other = addressOf(api, 1, 1)
      for (let n = 0; n < 11; n += 1) await api.request('POST', OBTAIN_PATHS[dialect], { json: { username: 'demo' }, headers: { 'X-Real-IP': other }, unrecorded: true })
      await loginFrom(api, dialect, other, DEMO)
    })

    differential('a success resets the failures in a row', async (api) => {
      const address = addressOf(api, 2)
      api.note('9 tries', await failTimes(api, dialect, address, 9))
      await loginFrom(api, dialect, address, DEMO, { unrecorded: true })
      api.note('9 more', await failTimes(api, dialect, address, 9))
      await loginFrom(api, dialect, address, DEMO)
    })

    differential('credential stuffing: one address, 30 usernames, then every account is refused there', async (api) => {
      const address = addressOf(api, 3)
      const statuses: number[] = []
      for (let n = 0; n < 30; n += 1) {
        statuses.push((await loginFrom(api, dialect, address, { username: `user-${n}`, password: 'password1' }, { unrecorded: true })).status)
      }
      api.note('the 30 tries', statuses)
      await loginFrom(api, dialect, address, { username: 'user-30', password: 'password1' })
      await loginFrom(api, dialect, address, DEMO)
    })

    if (dialect !== 'drf-jwt') {
      differential('the password change: 10 wrong current passwords from a stolen access token, then 429', async (api) => {
        const address = addressOf(api, 4)
        const login = await loginFrom(api, dialect, addressOf(api, 4, 1), DEMO, { unrecorded: true })
        const token = String(dialect === 'pair' ? login.data.access : login.data.token)
        const change = (oldPassword: string, unrecorded = false) =>
          api.request('POST', '/me/password/', {
            json: { old_password: oldPassword, new_password: 'a-long-new-secret' },
            authorization: `JWT ${token}`,
            headers: { 'X-Real-IP': address },
            unrecorded,
          })
        const statuses: number[] = []
        for (let n = 0; n < 10; n += 1) statuses.push((await change(`guess-${n}`, true)).status)
        api.note('the 10 tries', statuses)
        await change(DEMO.password)
        await loginFrom(api, dialect, address, DEMO) // the same keys as the login's
      })
    }
  })
}
