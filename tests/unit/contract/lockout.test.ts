/**
 * Contract: the mock's lockout, as SPEC-23 fixes it for the server (tests/differential proves the two equal).
 * Per (address, username) and per address; 429 with Retry-After and {"detail", "code", "retry_after"}; the
 * cool-off doubling per repeated lockout up to its maximum; forgetting; a success resets only the pair; the
 * client's address from a trusted proxy's X-Real-IP only; the password change; every dialect; English and Chinese.
 * Time is the mock's clock, moved by hand.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import type { AuthDialectName } from '@/config'
import { useMockBackend } from '../../support/mock-backend'
import { DEMO, login, raw, type RawResponse } from './helpers'

const START = Date.UTC(2026, 11, 7, 6, 0, 0, 400)
let now = START
const backend = useMockBackend({ now: () => now })
beforeEach(() => {
  now = START
})
const later = (seconds: number) => {
  now += seconds * 1000
}

const OBTAIN_PATH: Record<AuthDialectName, string> = { simplejwt: '/token/', 'simplejwt-sliding': '/token/', 'drf-jwt': '/api-token-auth/' }
/** What a wrong password gets, by dialect. */
const REFUSED_STATUS: Record<AuthDialectName, number> = { simplejwt: 401, 'simplejwt-sliding': 401, 'drf-jwt': 400 }
const EN_DETAIL = 'Too many failed attempts. Try again later.'
const ZH_DETAIL = '失败次数过多，请稍后再试。'

function obtain(username: string, password: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const dialect = backend().settings.dialect
  return raw('POST', OBTAIN_PATH[dialect], { data: { username, password }, headers })
}

/** `count` wrong passwords for `username`; each gets the dialect's ordinary refusal. */
async function fail(count: number, username = DEMO.username, headers: Record<string, string> = {}): Promise<void> {
  const refused = REFUSED_STATUS[backend().settings.dialect]
  for (let i = 0; i < count; i++) {
    const response = await obtain(username, 'wrong', headers)
    expect(response.status, `wrong password ${i + 1} for ${username}`).toBe(refused)
  }
}

function expectLocked(response: RawResponse, retryAfter: number, detail = EN_DETAIL): void {
  expect(response.status).toBe(429)
  expect(response.headers['retry-after']).toBe(String(retryAfter))
  expect(response.headers['content-type']).toBe('application/json')
  expect(Object.keys(response.data as object)).toEqual(['detail', 'code', 'retry_after'])
  expect(response.data).toEqual({ detail, code: 'too_many_attempts', retry_after: retryAfter })
}

describe('settings', () => {
  it('has the server defaults: 10 per pair, 30 per address, 60 s doubling up to 3600 s, forgotten after a day, no trusted proxy, 127.0.0.1', () => {
    expect(backend().settings).toMatchObject({
      loginFailureLimit: 10,
      addressFailureLimit: 30,
      loginCooloffSeconds: 60,
      loginCooloffMaxSeconds: 3600,
      loginForgetSeconds: 86_400,
      trustedProxies: [],
      remoteAddress: '127.0.0.1',
    })
  })
})

describe('per address and username', () => {
  it('10 wrong passwords get the ordinary 401; the right one next gets 429 with Retry-After 60', async () => {
    await fail(10)
    expectLocked(await obtain(DEMO.username, DEMO.password), 60)
    expectLocked(await obtain(DEMO.username, 'wrong'), 60)
  })

  it('9 wrong passwords lock nothing', async () => {
    await fail(9)
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
  })

  it('counts usernames case-insensitively', async () => {
    await fail(5, 'Demo')
    await fail(5, 'DEMO')
    expectLocked(await obtain('demo', DEMO.password), 60)
  })

  it('Retry-After is the time left in whole seconds, rounded up, at least 1; at the end the right password logs in', async () => {
    await fail(10)
    later(0.2)
    expectLocked(await obtain(DEMO.username, DEMO.password), 60)
    later(29.9) // 29.9 s left
    expectLocked(await obtain(DEMO.username, DEMO.password), 30)
    later(29.8) // 0.1 s left
    expectLocked(await obtain(DEMO.username, DEMO.password), 1)
    later(0.1)
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
  })

  it('attempts during a lockout count nothing and do not extend it', async () => {
    await fail(10)
    for (let i = 0; i < 15; i++) expect((await obtain(DEMO.username, 'wrong')).status).toBe(429)
    later(60)
    await fail(9) // the first lockout restarted the count: 9 more lock nothing
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
  })

  it('a body that fails field validation is no attempt', async () => {
    for (let i = 0; i < 15; i++) expect((await raw('POST', '/token/', { data: { username: 'demo' } })).status).toBe(400)
    await fail(9)
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
  })

  it('each repeated lockout doubles the cool-off, up to loginCooloffMaxSeconds', async () => {
    backend().settings.addressFailureLimit = 0 // 0 turns the address limit off: only the pair counts here
    const expected = [60, 120, 240, 480, 960, 1920, 3600, 3600]
    for (const cooloff of expected) {
      await fail(10)
      expectLocked(await obtain(DEMO.username, DEMO.password), cooloff)
      later(cooloff)
    }
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
  })

  it('a limit of 0 turns the pair limit off', async () => {
    backend().settings.loginFailureLimit = 0
    await fail(25)
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
  })

  it('forgets failures older than loginForgetSeconds (and not sooner)', async () => {
    await fail(9)
    later(86_400) // exactly the forget time: not older than it, still counted
    await fail(1)
    expectLocked(await obtain(DEMO.username, 'wrong'), 60)
    backend().reset()
    await fail(9)
    later(86_400.001)
    await fail(9) // started afresh: 9, not 18
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
  })

  it('forgets the lockouts too once the last failure and the lockout end are older than loginForgetSeconds', async () => {
    await fail(10)
    later(60)
    await fail(10)
    expectLocked(await obtain(DEMO.username, DEMO.password), 120)
    later(120 + 86_400.001) // the lockout ended over a day ago: the next lockout is a first one again
    await fail(10)
    expectLocked(await obtain(DEMO.username, DEMO.password), 60)
  })

  it('a success resets the pair: 9 more wrong passwords lock nothing', async () => {
    await fail(9)
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
    await fail(9)
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
  })

  it('a success resets the lockouts: the next lockout is 60 s again', async () => {
    await fail(10)
    later(60)
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
    await fail(10)
    expectLocked(await obtain(DEMO.username, DEMO.password), 60)
  })

  it('keeps only hashed keys (sha256 hex) in the database, never a username or an address', async () => {
    await fail(1, 'someone@example.com')
    const { lockouts } = backend().snapshot()
    expect(Object.keys(lockouts)).toHaveLength(2)
    for (const key of Object.keys(lockouts)) expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(lockouts)).not.toMatch(/someone|127\.0\.0\.1/)
  })
})

describe('per address (credential stuffing)', () => {
  it('30 failures from one address, any usernames, lock the address: the next username gets 429, the right password too', async () => {
    for (let i = 1; i <= 30; i++) await fail(1, `user${i}`)
    expectLocked(await obtain('user31', 'anything'), 60)
    expectLocked(await obtain(DEMO.username, DEMO.password), 60)
    backend().settings.remoteAddress = '127.0.0.2' // the owner elsewhere keeps access
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
  })

  it("a success does not launder the address's count", async () => {
    for (let i = 1; i <= 29; i++) await fail(1, `user${i}`)
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
    await fail(1, 'user30')
    expectLocked(await obtain(DEMO.username, DEMO.password), 60)
  })

  it('doubles the address cool-off too', async () => {
    for (let i = 1; i <= 30; i++) await fail(1, `user${i}`)
    later(60)
    for (let i = 1; i <= 30; i++) await fail(1, `other${i}`)
    expectLocked(await obtain('nobody', 'x'), 120)
  })
})

describe("the client's address", () => {
  it('a forged X-Real-IP or X-Forwarded-For neither dodges nor resets the count without a trusted proxy', async () => {
    for (let i = 0; i < 10; i++) await fail(1, DEMO.username, { 'X-Real-IP': `10.0.0.${i}`, 'X-Forwarded-For': `10.1.0.${i}` })
    expectLocked(await obtain(DEMO.username, DEMO.password, { 'X-Real-IP': '10.9.9.9', 'X-Forwarded-For': '10.9.9.9' }), 60)
  })

  it("behind a trusted proxy the X-Real-IP it sets is the address: the owner elsewhere logs in, the guesser's address stays locked", async () => {
    backend().settings.trustedProxies = ['127.0.0.1']
    const guesser = { 'X-Real-IP': '203.0.113.7' }
    await fail(10, DEMO.username, guesser)
    expectLocked(await obtain(DEMO.username, DEMO.password, guesser), 60)
    expect((await obtain(DEMO.username, DEMO.password, { 'X-Real-IP': '198.51.100.2' })).status).toBe(200)
    // A success from elsewhere unlocks nothing for the guesser.
    expectLocked(await obtain(DEMO.username, DEMO.password, guesser), 60)
    // X-Forwarded-For is never read, even behind the proxy.
    expectLocked(await obtain(DEMO.username, DEMO.password, { ...guesser, 'X-Forwarded-For': '198.51.100.3' }), 60)
  })

  it('trusts CIDRs; an X-Real-IP that is no IP address (or a leading-zero IPv4) counts as REMOTE_ADDR', async () => {
    Object.assign(backend().settings, { trustedProxies: ['127.0.0.0/8', '::1'], remoteAddress: '127.0.0.2' })
    await fail(4, DEMO.username, { 'X-Real-IP': 'not an address' })
    await fail(3, DEMO.username, { 'X-Real-IP': '010.0.0.1' })
    await fail(3, DEMO.username)
    expectLocked(await obtain(DEMO.username, DEMO.password), 60)
    expect((await obtain(DEMO.username, DEMO.password, { 'X-Real-IP': ' 2001:db8::1 ' })).status).toBe(200)
  })

  it('an IPv6 address is one address however it is written', async () => {
    backend().settings.trustedProxies = ['127.0.0.1']
    await fail(5, DEMO.username, { 'X-Real-IP': '2001:db8::1' })
    await fail(5, DEMO.username, { 'X-Real-IP': '2001:0db8:0:0::0001' })
    expectLocked(await obtain(DEMO.username, DEMO.password, { 'X-Real-IP': '2001:DB8::1' }), 60)
  })

  it('a header from an untrusted REMOTE_ADDR is ignored even when another address is trusted', async () => {
    Object.assign(backend().settings, { trustedProxies: ['10.0.0.1'], remoteAddress: '127.0.0.1' })
    await fail(10, DEMO.username, { 'X-Real-IP': '203.0.113.7' })
    expectLocked(await obtain(DEMO.username, DEMO.password), 60)
  })
})

describe('the password change', () => {
  const change = (access: string, oldPassword: string, headers: Record<string, string> = {}) =>
    raw('POST', '/me/password/', { headers: { Authorization: `JWT ${access}`, ...headers }, data: { old_password: oldPassword, new_password: 'kettle-violet-42' } })

  it('10 wrong current passwords get 400; then 429 before any check, the right password too; login from there is locked too', async () => {
    const { access } = await login()
    for (let i = 0; i < 10; i++) expect((await change(access, 'wrong')).status).toBe(400)
    expectLocked(await change(access, DEMO.password), 60)
    expectLocked(await obtain(DEMO.username, DEMO.password), 60)
    expect(backend().snapshot().users[0]?.password).toBe(DEMO.password)
    later(60)
    expect((await change(access, DEMO.password)).status).toBe(200)
  })

  it('shares the count with the login: 5 wrong logins and 5 wrong current passwords lock the pair', async () => {
    const { access } = await login()
    await fail(5)
    for (let i = 0; i < 5; i++) expect((await change(access, 'wrong')).status).toBe(400)
    expectLocked(await change(access, DEMO.password), 60)
  })

  it('the right current password resets the pair; a password change unlocks no other address', async () => {
    backend().settings.trustedProxies = ['127.0.0.1']
    const guesser = { 'X-Real-IP': '203.0.113.7' }
    await fail(10, DEMO.username, guesser)
    const { access } = await login()
    await fail(9)
    expect((await change(access, DEMO.password)).status).toBe(200)
    await fail(9)
    expect((await obtain(DEMO.username, 'kettle-violet-42')).status).toBe(200)
    expectLocked(await obtain(DEMO.username, 'kettle-violet-42', guesser), 60)
  })

  it('answers in Chinese', async () => {
    const { access } = await login()
    for (let i = 0; i < 10; i++) await change(access, 'wrong')
    expectLocked(await change(access, DEMO.password, { 'Accept-Language': 'zh-CN' }), 60, ZH_DETAIL)
  })
})

describe.each<AuthDialectName>(['simplejwt', 'simplejwt-sliding', 'drf-jwt'])('every dialect: %s', (dialect) => {
  beforeEach(() => {
    backend().settings.dialect = dialect
  })

  it('locks after 10 ordinary refusals, in English and Chinese, and lets the right password in after the cool-off', async () => {
    await fail(10)
    expectLocked(await obtain(DEMO.username, DEMO.password), 60)
    later(1.5)
    expectLocked(await obtain(DEMO.username, DEMO.password, { 'Accept-Language': 'zh-CN' }), 59, ZH_DETAIL)
    later(58.5)
    expect((await obtain(DEMO.username, DEMO.password)).status).toBe(200)
  })

  it('locks an address after 30 usernames', async () => {
    for (let i = 1; i <= 30; i++) await fail(1, `user${i}`)
    expectLocked(await obtain(DEMO.username, DEMO.password, { 'Accept-Language': 'zh-hans' }), 60, ZH_DETAIL)
  })
})
