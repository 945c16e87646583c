import type { LockManagerLike } from '@/auth/lock'

/**
 * Several "tabs" in one test: a Storage each over one shared map, where a write in one tab fires a
 * `storage` event in the others (as browsers do), and one Web Locks manager shared by all.
 */
export interface SimulatedTab {
  storage: Storage
  events: EventTarget
}

export function createSharedStorage(): { tab(): SimulatedTab; data: Map<string, string> } {
  const data = new Map<string, string>()
  const tabs: SimulatedTab[] = []

  function broadcast(from: SimulatedTab, key: string | null): void {
    for (const tab of tabs) {
      if (tab !== from) tab.events.dispatchEvent(Object.assign(new Event('storage'), { key }))
    }
  }

  return {
    data,
    tab() {
      const events = new EventTarget()
      const tab: SimulatedTab = { events, storage: undefined as unknown as Storage }
      tab.storage = {
        get length() {
          return data.size
        },
        key: (index: number) => [...data.keys()][index] ?? null,
        getItem: (key: string) => data.get(key) ?? null,
        setItem(key: string, value: string) {
          data.set(key, String(value))
          broadcast(tab, key)
        },
        removeItem(key: string) {
          if (data.delete(key)) broadcast(tab, key)
        },
        clear() {
          data.clear()
          broadcast(tab, null)
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
    pendingTimers: () => timers.size,
  }
}
