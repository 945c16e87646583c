import { beforeEach, describe, expect, it, vi } from 'vitest'
import { SignJWT } from 'jose'
import { SESSION_STORAGE_KEY, createTokenStore } from '@packages/session/storage'
import { createSimplejwtDialect } from '@packages/session/dialects/simplejwt'

/** The store reads tokens through the server's dialect; these tests use simplejwt pairs. */
const dialect = createSimplejwtDialect({ post: () => Promise.reject(new Error('no network in these tests')) })

const secret = new TextEncoder().encode('test-secret')
const NOW = 1_800_000_000_000

function token(claims: Record<string, unknown>, expSeconds: number): Promise<string> {
  return new SignJWT({ jti: 'a'.repeat(32), user_id: 1, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(NOW / 1000)
    .setExpirationTime(expSeconds)
    .sign(secret)
}

async function pair(refreshExp = NOW / 1000 + 86400) {
  return {
    access: await token({ token_type: 'access' }, NOW / 1000 + 300),
    refresh: await token({ token_type: 'refresh' }, refreshExp),
  }
}

describe('createTokenStore', () => {
  beforeEach(() => localStorage.clear())
  const store = () => createTokenStore({ storage: localStorage, now: () => NOW, dialect })

  it('round-trips a session through localStorage under one versioned key', async () => {
    const tokens = await pair()
    store().write({ ...tokens, accessReceivedAt: NOW })
    expect(Object.keys(localStorage)).toEqual([SESSION_STORAGE_KEY])
    expect(store().read()).toEqual({ ...tokens, accessReceivedAt: NOW })
  })

  it('fills in a missing receive time instead of refusing the session', async () => {
    const tokens = await pair()
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(tokens))
    expect(store().read()).toEqual({ ...tokens, accessReceivedAt: NOW })
  })

  const corrupt: Array<[string, () => Promise<string>]> = [
    ['not JSON', async () => '{"access": "eyJ'],
    ['JSON null', async () => 'null'],
    ['a bare string', async () => '"abc.def.ghi"'],
    ['an array', async () => '[1, 2]'],
    ['tokens that are not JWTs', async () => JSON.stringify({ access: 'hello', refresh: 'world' })],
    ['a JWT with a broken payload', async () => JSON.stringify({ access: 'eyJhbGciOiJIUzI1NiJ9.!!!.sig', refresh: 'x.y.z' })],
    ['swapped token types', async () => {
      const tokens = await pair()
      return JSON.stringify({ access: tokens.refresh, refresh: tokens.access })
    }],
    ['an expired refresh token', async () => JSON.stringify(await pair(NOW / 1000 - 1))],
    ['a foreign shape', async () => JSON.stringify({ token: (await pair()).access })],
  ]

  it.each(corrupt)('discards %s, starts logged out and touches nothing else', async (_label, value) => {
    localStorage.setItem('unrelated', 'kept')
    localStorage.setItem(SESSION_STORAGE_KEY, await value())
    expect(store().read()).toBeNull()
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull()
    expect(localStorage.getItem('unrelated')).toBe('kept')
  })

  it('keeps working in memory when storage throws', async () => {
    const broken = {
      getItem: vi.fn(() => { throw new Error('SecurityError') }),
      setItem: vi.fn(() => { throw new Error('QuotaExceededError') }),
      removeItem: vi.fn(() => { throw new Error('SecurityError') }),
    } as unknown as Storage
    const memoryStore = createTokenStore({ storage: broken, now: () => NOW, dialect })
    const tokens = await pair()
    memoryStore.write({ ...tokens, accessReceivedAt: NOW })
    expect(memoryStore.read()?.access).toBe(tokens.access)
    memoryStore.clear()
    expect(memoryStore.read()).toBeNull()
  })

  it("tells about other tabs' changes to its key only", () => {
    const events = new EventTarget()
    const listener = vi.fn()
    const tabStore = createTokenStore({ storage: localStorage, now: () => NOW, events: events as unknown as Window, dialect })
    const unsubscribe = tabStore.subscribeToOtherTabs(listener)
    events.dispatchEvent(Object.assign(new Event('storage'), { key: 'unrelated' }))
    events.dispatchEvent(Object.assign(new Event('storage'), { key: SESSION_STORAGE_KEY }))
    events.dispatchEvent(Object.assign(new Event('storage'), { key: null }))
    expect(listener).toHaveBeenCalledTimes(2)
    unsubscribe()
    events.dispatchEvent(Object.assign(new Event('storage'), { key: SESSION_STORAGE_KEY }))
    expect(listener).toHaveBeenCalledTimes(2)
  })
})
