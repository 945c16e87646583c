import type { Dialect } from './dialect.js'
import { REMEMBER_ME_KEY, type RememberMeStore, type TabSync } from './remember.js'
import { createTokenStore, type TokenStore } from './storage.js'

/**
 * The tokens of cookie mode (the refresh token in an httpOnly cookie): the access token lives in this tab's memory
 * only, never in localStorage or sessionStorage, and reaches the app's other tabs over BroadcastChannel
 * (tab-sync.ts, as per-tab sessions do). A tab that has nobody to ask (a reload of the only tab, the browser
 * restarted) restores the session through the cookie (browser.ts, `Dialect.restore`).
 *
 * "Remember me" is the server's: a persistent cookie or a session cookie. The choice (not a secret) is kept in
 * localStorage as the next login form's default, as in the other modes, and so is a hint that this browser may hold
 * a session cookie, so a logged-out page load sends nothing.
 */
export const COOKIE_SESSION_HINT_KEY = 'vue-jwt-drf.cookie-session'
/** The channel of cookie mode's tabs (apart from per-tab sessions'). */
export const COOKIE_SESSION_CHANNEL = 'vue-jwt-drf.cookie-session'

/** The store of cookie mode; `mayRestore()` says whether a reload should try the cookie. */
export interface MemoryTabsStore extends RememberMeStore {
  /** Whether this browser may hold a session cookie (a session was established here and not ended since). */
  mayRestore(): boolean
}

export interface MemoryTabsOptions {
  /** Server time in ms, to drop a session that has ended. */
  now: () => number
  dialect: Pick<Dialect, 'accept' | 'describe'>
  /** Where the choice and the hint are kept (localStorage). */
  preferences: Storage | undefined
  /** Loads the sync of `copy` over `storage` (this tab's memory); `onChange`: another tab changed this tab's copy. */
  loadTabSync(copy: TokenStore, storage: Storage, onChange: () => void): Promise<TabSync>
}

/** A Storage over a Map: this tab's memory, gone with the page. Internal (not exported by the package). */
export function memoryStorage(): Storage {
  const items = new Map<string, string>()
  return {
    get length() {
      return items.size
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  }
}

export function createMemoryTabsStore(options: MemoryTabsOptions): MemoryTabsStore {
  const { preferences } = options
  const memory = memoryStorage()
  const copy = createTokenStore({ storage: memory, now: options.now, dialect: options.dialect })
  const listeners = new Set<() => void>()
  // Loaded at first use (start-up's join, a login): a page that never starts a session opens no channel.
  let loading: Promise<TabSync> | null = null
  const sync = () =>
    (loading ??= options.loadTabSync(copy, memory, () => {
      hint(copy.read() !== null)
      listeners.forEach((listener) => listener())
    }))
  const changed = () => void sync().then((loaded) => loaded.changed())

  function hint(present: boolean): void {
    try {
      if (present) preferences?.setItem(COOKIE_SESSION_HINT_KEY, '1')
      else preferences?.removeItem(COOKIE_SESSION_HINT_KEY)
    } catch {
      /* a reload just tries the cookie */
    }
  }

  return {
    read: () => copy.read(),
    write(session) {
      copy.write(session)
      hint(true)
      changed()
    },
    clear() {
      const had = copy.read() !== null
      copy.clear()
      hint(false)
      if (had) changed()
    },
    subscribeToOtherTabs(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    remembers() {
      try {
        return preferences?.getItem(REMEMBER_ME_KEY) !== 'false'
      } catch {
        return true
      }
    },
    async choose(remember) {
      try {
        preferences?.setItem(REMEMBER_ME_KEY, String(remember))
      } catch {
        /* the choice holds for this login only */
      }
      await sync()
    },
    join: () => sync().then((loaded) => loaded.join()),
    mayRestore() {
      try {
        return preferences?.getItem(COOKIE_SESSION_HINT_KEY) === '1'
      } catch {
        return true
      }
    },
  }
}
