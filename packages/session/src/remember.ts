import type { TokenStore } from './storage.js'

/**
 * "Remember me": where a session lives, chosen at login. A policy around the session core, which
 * sees one TokenStore either way.
 * - remembered: localStorage, shared by every tab, kept when the browser closes (until the refresh
 *   token expires or the user logs out);
 * - not remembered: each tab's sessionStorage (a reload keeps it), kept in step across tabs by
 *   tab-sync.ts, gone with the last tab. Nothing of it is written to localStorage.
 * The choice itself (not a secret) is kept in localStorage as the next login form's default.
 */
export const REMEMBER_ME_KEY = 'vue-jwt-drf.remember-me'

/** Tab-to-tab sync of per-tab sessions (tab-sync.ts). */
export interface TabSync {
  /** This tab's copy changed (login, refresh, logout): the other tabs take the same. */
  changed(): void
  /** Gets the session (or a newer one) from the tabs that hold it; resolves once answered, or at once when none can answer. */
  join(): Promise<void>
}

export interface RememberMeStore extends TokenStore {
  /** The last choice made in this browser; true (remember) when none was made yet. */
  remembers(): boolean
  /** Chooses where the next session (the login that follows) lives, and remembers the choice. */
  choose(remember: boolean): Promise<void>
  /** Resolves once this tab has the per-tab session other tabs hold, if any (page load). */
  join(): Promise<void>
}

export interface RememberMeOptions {
  /** The tokens in localStorage. */
  persistent: TokenStore
  /** This tab's copy of per-tab tokens (sessionStorage). */
  perTab: TokenStore
  /** Where the choice is kept (localStorage). */
  preferences: Storage | undefined
  /** Loads the sync (its own chunk: only per-tab sessions need it); `onChange`: another tab changed this tab's copy. */
  loadTabSync(onChange: () => void): Promise<TabSync>
  /** Where `storage` events arrive (window): another tab choosing per-tab tokens. */
  events?: Pick<Window, 'addEventListener'>
}

export function createRememberMeStore(options: RememberMeOptions): RememberMeStore {
  const { persistent, perTab, preferences } = options
  const listeners = new Set<() => void>()
  let chosen: boolean | null = null
  let sync: Promise<TabSync> | null = null

  const tabSync = () => (sync ??= options.loadTabSync(() => listeners.forEach((listener) => listener())))
  const perTabChanged = () => void tabSync().then((loaded) => loaded.changed())
  const join = () => tabSync().then((loaded) => loaded.join())

  function remembers(): boolean {
    try {
      return preferences?.getItem(REMEMBER_ME_KEY) !== 'false'
    } catch {
      return true
    }
  }

  // Another tab's login chose per-tab tokens: ask it for them (its broadcast may come before our sync is loaded).
  options.events?.addEventListener('storage', (event) => {
    if (event.key === REMEMBER_ME_KEY && event.newValue === 'false') void join()
  })

  return {
    read: () => perTab.read() ?? persistent.read(),
    write(session) {
      // Where this tab's session lives; for a new one, where the login chose.
      const toPerTab = perTab.read() !== null || (persistent.read() === null && !(chosen ?? remembers()))
      if (!toPerTab) return persistent.write(session)
      perTab.write(session)
      perTabChanged()
    },
    clear() {
      const hadPerTab = perTab.read() !== null
      perTab.clear()
      persistent.clear()
      if (hadPerTab) perTabChanged()
    },
    subscribeToOtherTabs(listener) {
      const unsubscribe = persistent.subscribeToOtherTabs(listener)
      listeners.add(listener)
      return () => {
        unsubscribe()
        listeners.delete(listener)
      }
    },
    remembers,
    async choose(remember) {
      chosen = remember
      // A session of the other kind must not outlive the choice (the login replaces it anyway).
      if (remember) perTab.clear()
      else persistent.clear()
      try {
        preferences?.setItem(REMEMBER_ME_KEY, String(remember))
      } catch {
        /* the choice holds for this login only */
      }
      if (!remember) await tabSync()
    },
    // Only a tab with a per-tab copy (a reload), or in a browser whose last login chose per-tab tokens, has anyone to ask.
    join: () => (remembers() && perTab.read() === null ? Promise.resolve() : join()),
  }
}
