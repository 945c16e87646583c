import type { Dialect } from './dialect.js'

/** One versioned key: a future shape gets a new key instead of misreading this one. */
export const SESSION_STORAGE_KEY = 'vue-jwt-drf.session.v1'

export interface StoredSession {
  access: string
  /** The token that renews the session; null in single-token dialects (sliding, drf-jwt). */
  refresh: string | null
  /**
   * Server time (ms) when this access token was received. A refreshed access token's `iat` is
   * copied from the refresh token (simplejwt before 5.5), and drf-jwt has none, so its lifetime can't be read off the token.
   */
  accessReceivedAt: number
}

export interface TokenStore {
  /** The stored session, or null; anything corrupt, foreign or expired is removed on the way. */
  read(): StoredSession | null
  write(session: StoredSession): void
  clear(): void
  /** Calls `listener` when another tab changes the stored session. */
  subscribeToOtherTabs(listener: () => void): () => void
}

export interface TokenStoreOptions {
  storage: Storage | undefined
  /** Server time in ms, to drop a session that has ended. */
  now: () => number
  /** Which tokens are this server's, and when a session of them ends. */
  dialect: Pick<Dialect, 'accept' | 'describe'>
  key?: string
  /** Where `storage` events arrive (window in a browser). */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>
}

function parseSession(raw: string | null, now: number, dialect: TokenStoreOptions['dialect']): StoredSession | null {
  if (raw === null) return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const { access, refresh, accessReceivedAt } = value as Record<string, unknown>
  const tokens = dialect.accept({ access, refresh })
  if (!tokens) return null
  const endsAt = dialect.describe(tokens)?.endsAt
  if (endsAt === undefined || endsAt <= now) return null
  return {
    ...tokens,
    accessReceivedAt: typeof accessReceivedAt === 'number' && Number.isFinite(accessReceivedAt) ? accessReceivedAt : now,
  }
}

/** The tokens in localStorage. Storage that throws (private mode, quota) degrades to this tab's memory. */
export function createTokenStore(options: TokenStoreOptions): TokenStore {
  const key = options.key ?? SESSION_STORAGE_KEY
  const storage = options.storage
  let memory: string | null = null

  function getRaw(): string | null {
    try {
      return storage ? storage.getItem(key) : memory
    } catch {
      return memory
    }
  }
  function setRaw(value: string | null): void {
    memory = value
    try {
      if (!storage) return
      if (value === null) storage.removeItem(key)
      else storage.setItem(key, value)
    } catch {
      /* unavailable storage: the session lives in this tab only */
    }
  }

  return {
    read() {
      const raw = getRaw()
      const session = parseSession(raw, options.now(), options.dialect)
      if (!session && raw !== null) setRaw(null)
      return session
    },
    write(session) {
      setRaw(JSON.stringify(session))
    },
    clear() {
      setRaw(null)
    },
    subscribeToOtherTabs(listener) {
      const events = options.events
      if (!events) return () => {}
      const onStorage = (event: StorageEvent) => {
        // key === null: another tab called localStorage.clear().
        if (event.key === key || event.key === null) listener()
      }
      events.addEventListener('storage', onStorage)
      return () => events.removeEventListener('storage', onStorage)
    },
  }
}
