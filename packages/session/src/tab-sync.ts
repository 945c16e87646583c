import { SESSION_STORAGE_KEY, type StoredSession, type TokenStore } from './storage.js'
import type { TabSync } from './remember.js'

/**
 * Keeps the tabs' own copies of a per-tab session ("Remember me" off: each tab's sessionStorage) in
 * step over a BroadcastChannel, as `storage` events do for localStorage: a refresh, a logout or a
 * login in one tab reaches the others, and a new tab asks the others for the session (`join()`).
 * Nothing goes to localStorage, cookies or IndexedDB. Its own chunk: only browsers whose last login
 * chose per-tab tokens load it (remember.ts).
 */
export const TAB_SESSION_CHANNEL = 'vue-jwt-drf.tab-session'

/** What tabs say to each other. */
type TabMessage =
  /** This tab's session changed (null: ended): every other tab takes the same. */
  | { type: 'session'; raw: string | null }
  /** A tab asks for the session (new, or reloaded and possibly behind). */
  | { type: 'hello'; id: string }
  /** A tab that holds the session answers a `hello`. */
  | { type: 'welcome'; id: string; raw: string }

/** The part of BroadcastChannel used here. */
export interface TabChannel {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void
}

/**
 * Which tabs hold a session: each such tab holds a shared Web Lock, which the browser releases when
 * the tab closes, so a new tab knows at once whether anyone can answer, without waiting on a guess.
 */
export interface TabPresence {
  hold(): void
  release(): void
  /** Whether some tab holds a session; null when it can't be told (no Web Locks). */
  anyHeld(): Promise<boolean | null>
}

export interface TabSyncOptions {
  /** This tab's copy (a TokenStore over sessionStorage, under `key`). */
  copy: TokenStore
  storage: Storage | undefined
  key?: string
  channel: TabChannel | undefined
  presence: TabPresence
  /** Another tab changed this tab's copy. */
  onChange(): void
  /** How long to wait for an answer when Web Locks can't say whether any tab holds a session. */
  guessWaitMs?: number
  /** How long to wait for an answer from a tab known to hold one (a frozen background tab may never answer). */
  answerWaitMs?: number
  /** Correlates a `hello` with its `welcome`s. */
  newId?: () => string
}

const GUESS_WAIT_MS = 200
const ANSWER_WAIT_MS = 2000

function receivedAt(raw: string): number {
  try {
    return Number((JSON.parse(raw) as StoredSession).accessReceivedAt) || 0
  } catch {
    return 0
  }
}

export function createTabSync(options: TabSyncOptions): TabSync {
  const { copy, storage, channel, presence } = options
  const key = options.key ?? SESSION_STORAGE_KEY
  const newId = options.newId ?? (() => Math.random().toString(36).slice(2))
  const answers = new Map<string, (raw: string) => void>()
  const post = (message: TabMessage) => channel?.postMessage(message)

  /** Presence follows the copy: a tab holds the lock exactly while it holds a session. */
  function present(): StoredSession | null {
    const current = copy.read()
    if (current) presence.hold()
    else presence.release()
    return current
  }

  /** Takes a session another tab sent (validated by reading it back, which drops anything bad). */
  function take(raw: string | null): void {
    if (raw === null) copy.clear()
    else {
      try {
        storage?.setItem(key, raw)
      } catch {
        /* unavailable storage: this tab can't keep a session */
      }
    }
    present()
    options.onChange()
  }

  channel?.addEventListener('message', (event) => {
    const message = event.data as TabMessage | null
    if (!message || typeof message !== 'object') return
    if (message.type === 'session' && (typeof message.raw === 'string' || message.raw === null)) take(message.raw)
    else if (message.type === 'hello') {
      const current = copy.read()
      if (current) post({ type: 'welcome', id: message.id, raw: JSON.stringify(current) })
    } else if (message.type === 'welcome' && typeof message.raw === 'string') answers.get(message.id)?.(message.raw)
  })

  /**
   * Sends `hello`; resolves with the first useful answer. Answers are heard until `waitMs`: one newer
   * than this tab's copy (another tab refreshed meanwhile) replaces it, an older one is ignored.
   */
  function ask(waitMs: number): Promise<void> {
    const id = newId()
    return new Promise((resolve) => {
      setTimeout(() => {
        answers.delete(id)
        resolve()
      }, waitMs)
      answers.set(id, (raw) => {
        const current = copy.read()
        if (!current || receivedAt(raw) > current.accessReceivedAt) take(raw)
        if (copy.read()) resolve()
      })
      post({ type: 'hello', id })
    })
  }

  return {
    changed() {
      const current = present()
      post({ type: 'session', raw: current ? JSON.stringify(current) : null })
    },
    async join() {
      const held = channel ? await presence.anyHeld() : false
      // A reloaded tab asks too: the others may have refreshed while it was away.
      if (held !== false) await ask(held ? (options.answerWaitMs ?? ANSWER_WAIT_MS) : (options.guessWaitMs ?? GUESS_WAIT_MS))
      present()
    },
  }
}

/** The part of navigator.locks used for presence. */
export interface PresenceLocks {
  request(name: string, options: { mode: 'shared' }, callback: () => Promise<void>): Promise<void>
  query(): Promise<{ held?: Array<{ name?: string }> }>
}

/** Presence through a shared Web Lock held by each tab that holds a session. */
export function createLockPresence(locks: PresenceLocks | undefined, name = `${TAB_SESSION_CHANNEL}.presence`): TabPresence {
  let release: (() => void) | null = null
  return {
    hold() {
      if (!locks || release) return
      const held = new Promise<void>((resolve) => (release = resolve))
      locks.request(name, { mode: 'shared' }, () => held).catch(() => undefined)
    },
    release() {
      release?.()
      release = null
    },
    async anyHeld() {
      if (!locks) return null
      try {
        return ((await locks.query()).held ?? []).some((lock) => lock.name === name)
      } catch {
        return null
      }
    },
  }
}
