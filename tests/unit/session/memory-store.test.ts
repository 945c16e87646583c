import { describe, expect, it, vi } from 'vitest'
import { createMemoryTokenStore, createServerClock, createSession, type Dialect, type StoredSession } from '@django-jwt/session'

const stored: StoredSession = { access: 'a', refresh: 'r', accessReceivedAt: 1 }

describe('createMemoryTokenStore', () => {
  it('keeps what is written until cleared, in this store only', () => {
    const store = createMemoryTokenStore()
    const other = createMemoryTokenStore()
    expect(store.read()).toBeNull()
    store.write(stored)
    expect(store.read()).toEqual(stored)
    expect(other.read()).toBeNull()
    store.clear()
    expect(store.read()).toBeNull()
  })

  it('has no other tabs: a listener is never called, and unsubscribes', () => {
    const store = createMemoryTokenStore()
    const listener = vi.fn()
    const unsubscribe = store.subscribeToOtherTabs(listener)
    store.write(stored)
    store.clear()
    unsubscribe()
    expect(listener).not.toHaveBeenCalled()
  })

  it('is a session store: establish and logout go through it', async () => {
    const dialect: Dialect = {
      name: 'test',
      headerPrefix: 'Bearer',
      refreshSpendsCredential: false,
      refreshNeedsUnexpiredToken: false,
      obtain: async () => ({ access: 'a', refresh: null }),
      accept: () => null,
      describe: () => ({ accessExpiresAt: Date.now() + 60_000, endsAt: Date.now() + 60_000 }),
    }
    const store = createMemoryTokenStore()
    const session = createSession({ dialect, clock: createServerClock(), store, withLock: (_name, task) => task() })
    session.start()
    session.establish({ access: 'a', refresh: null })
    expect(store.read()?.access).toBe('a')
    expect(await session.freshAccessToken()).toBe('a')
    await session.logout()
    expect(store.read()).toBeNull()
    session.stop()
  })
})
