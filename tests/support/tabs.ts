import type { LockManagerLike } from '@packages/session/lock'

/**
 * Several "tabs" in one test: a Storage each over one shared map, where a write in one tab fires a
 * `storage` event in the others (as browsers do), and one Web Locks manager shared by all.
 */
export interface SimulatedTab {
  storage: Storage
  events: EventTarget
}

export interface SharedStorageOptions {
  /**
   * Each tab keeps its own copy, and a write reaches the other tabs (with its storage event) this
   * many ms later — as in Chromium, where every renderer process caches localStorage. 0: at once.
   */
  lagMs?: number
}

export function createSharedStorage(options: SharedStorageOptions = {}): { tab(): SimulatedTab } {
  const tabs: Array<SimulatedTab & { copy: Map<string, string> }> = []

  function propagate(from: SimulatedTab, key: string | null, value: string | null): void {
    for (const tab of tabs) {
      if (tab === from) continue
      const deliver = () => {
        if (key === null) tab.copy.clear()
        else if (value === null) tab.copy.delete(key)
        else tab.copy.set(key, value)
        tab.events.dispatchEvent(Object.assign(new Event('storage'), { key, newValue: value }))
      }
      if (options.lagMs) setTimeout(deliver, options.lagMs)
      else deliver()
    }
  }

  return {
    tab() {
      const copy = new Map<string, string>(tabs[0]?.copy)
      const events = new EventTarget()
      const tab = { events, copy, storage: undefined as unknown as Storage }
      tab.storage = {
        get length() {
          return copy.size
        },
        key: (index: number) => [...copy.keys()][index] ?? null,
        getItem: (key: string) => copy.get(key) ?? null,
        setItem(key: string, value: string) {
          copy.set(key, String(value))
          propagate(tab, key, String(value))
        },
        removeItem(key: string) {
          if (copy.delete(key)) propagate(tab, key, null)
        },
        clear() {
          copy.clear()
          propagate(tab, null, null)
        },
      }
      tabs.push(tab)
      return tab
    },
  }
}

/** A Web Locks manager: exclusive locks by name, granted in request order (what navigator.locks does). */
export function createFakeLocks(): LockManagerLike & { grants: number } {
  const queues = new Map<string, Promise<unknown>>()
  const manager = {
    grants: 0,
    request<T>(name: string, task: () => Promise<T>): Promise<T> {
      const previous = queues.get(name) ?? Promise.resolve()
      const run = previous.then(() => {
        manager.grants += 1
        return task()
      })
      queues.set(name, run.catch(() => undefined))
      return run
    },
  }
  return manager
}

/** A clock and timers the test moves by hand, so tests cover minutes of token lifetime in milliseconds. */
export interface ManualTime {
  now(): number
  setTimer(callback: () => void, ms: number): unknown
  clearTimer(handle: unknown): void
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void
  /** Moves time forward without firing anything (a laptop lid closed, a throttled tab); the next advance fires the overdue timers in order. */
  sleep(ms: number): void
  /** Fires only the earliest overdue timer (a waking tab runs one task at a time); false when none is due. */
  fireNext(): boolean
  pendingTimers(): number
}

export function createManualTime(start = Date.UTC(2026, 10, 23, 12, 0, 0)): ManualTime {
  let now = start
  let nextId = 0
  const timers = new Map<number, { at: number; callback: () => void }>()
  return {
    now: () => now,
    setTimer(callback, ms) {
      nextId += 1
      timers.set(nextId, { at: now + Math.max(0, ms), callback })
      return nextId
    },
    clearTimer(handle) {
      timers.delete(handle as number)
    },
    advance(ms) {
      const end = now + ms
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        timers.delete(due[0])
        now = due[1].at
        due[1].callback()
      }
      now = end
    },
    sleep(ms) {
      now += ms
    },
    fireNext() {
      const due = [...timers.entries()].filter(([, timer]) => timer.at <= now).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) return false
      timers.delete(due[0])
      due[1].callback()
      return true
    },
    pendingTimers: () => timers.size,
  }
}

/**
 * BroadcastChannels between simulated tabs: a message posted in one tab reaches every other tab's
 * channel of that name (never its own), a task later, as in browsers.
 */
export interface ChannelHub {
  channel(name: string): BroadcastChannel & { close(): void }
  /** Every message posted so far, in order. */
  posted: Array<{ name: string; data: unknown }>
}

export function createChannelHub(): ChannelHub {
  const members = new Set<{ name: string; target: EventTarget }>()
  const hub: ChannelHub = {
    posted: [],
    channel(name) {
      const target = new EventTarget()
      const member = { name, target }
      members.add(member)
      return Object.assign(target, {
        name,
        onmessage: null,
        onmessageerror: null,
        postMessage(data: unknown) {
          hub.posted.push({ name, data: structuredClone(data) })
          for (const other of [...members]) {
            if (other === member || other.name !== name) continue
            const copy = structuredClone(data)
            setTimeout(() => other.target.dispatchEvent(Object.assign(new Event('message'), { data: copy })), 0)
          }
        },
        close() {
          members.delete(member)
        },
      }) as unknown as BroadcastChannel & { close(): void }
    },
  }
  return hub
}

/**
 * Web Locks for tab presence: shared locks held until released, or until their tab closes
 * (`closeTab`), and `query()`. One registry for all simulated tabs.
 */
export function createPresenceLocks() {
  const held = new Map<number, { name: string; tab: string }>()
  let nextId = 0
  return {
    /** The navigator.locks of one tab. */
    forTab(tab: string) {
      return {
        request(name: string, _options: { mode: 'shared' }, callback: () => Promise<void>): Promise<void> {
          nextId += 1
          const id = nextId
          held.set(id, { name, tab })
          return callback().finally(() => held.delete(id))
        },
        async query() {
          return { held: [...held.values()].map(({ name }) => ({ name, mode: 'shared' as const })) }
        },
      }
    },
    /** The browser drops a closed tab's locks. */
    closeTab(tab: string) {
      for (const [id, lock] of held) if (lock.tab === tab) held.delete(id)
    },
    heldBy: (tab: string) => [...held.values()].filter((lock) => lock.tab === tab).map((lock) => lock.name),
  }
}
