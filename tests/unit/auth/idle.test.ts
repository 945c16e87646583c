import { beforeEach, describe, expect, it } from 'vitest'
import { createIdlePolicy, type IdleEvent, type IdlePolicy } from '@packages/session/idle'
import { idleTimeInUnits, isIdleOver, LAST_ACTIVITY_KEY, writeLastActivity } from '@packages/session/idle-time'
import { createManualTime, createSharedStorage, type ManualTime, type SimulatedTab } from '../../support/tabs'

const MINUTE = 60_000
let time: ManualTime

beforeEach(() => {
  time = createManualTime()
})

interface WatchedTab {
  idle: IdlePolicy
  tab: SimulatedTab
  events: IdleEvent['type'][]
  writes: number[]
}

/** One tab's idle policy over a shared localStorage, recording its events and its storage writes. */
function idleTab(tab: SimulatedTab, idleMs = 30 * MINUTE, floor?: () => number | null): WatchedTab {
  const writes: number[] = []
  const setItem = tab.storage.setItem.bind(tab.storage)
  tab.storage.setItem = (key, value) => {
    if (key === LAST_ACTIVITY_KEY) writes.push(Number(value))
    setItem(key, value)
  }
  const idle = createIdlePolicy({ idleMs, now: time.now, storage: tab.storage, events: tab.events as unknown as Window, setTimer: time.setTimer, clearTimer: time.clearTimer, floor })
  const events: IdleEvent['type'][] = []
  idle.on((event) => events.push(event.type))
  return { idle, tab, events, writes }
}

/** A login in tab `a` (which writes the session's start), then every tab watches the session. */
function logIn(...tabs: WatchedTab[]): void {
  writeLastActivity(tabs[0]!.tab.storage, time.now())
  for (const { idle } of tabs) idle.watch()
}

describe('idle lapse', () => {
  it('a session nobody touches lapses after exactly the idle time, once', () => {
    const a = idleTab(createSharedStorage().tab())
    logIn(a)
    time.advance(30 * MINUTE - 1)
    expect(a.idle.hasLapsed()).toBe(false)
    expect(a.events).toEqual(['warning'])
    time.advance(1)
    expect(a.events).toEqual(['warning', 'lapsed'])
    expect(a.idle.hasLapsed()).toBe(true)
    expect(a.idle.state()).toEqual({ deadline: null, warning: false, lapsed: true })
    time.advance(60 * MINUTE)
    expect(a.events).toEqual(['warning', 'lapsed'])
  })

  it('activity renews the whole idle time', () => {
    const a = idleTab(createSharedStorage().tab())
    logIn(a)
    for (let i = 0; i < 10; i += 1) {
      time.advance(25 * MINUTE)
      a.idle.activity()
    }
    expect(a.events).toEqual([]) // 250 minutes in, never 29 idle
    time.advance(30 * MINUTE)
    expect(a.events).toEqual(['warning', 'lapsed'])
  })

  it('input after the idle time never revives the session (a tab that slept through it)', () => {
    const a = idleTab(createSharedStorage().tab())
    logIn(a)
    time.sleep(31 * MINUTE) // no timer ran
    expect(a.idle.hasLapsed()).toBe(true)
    a.idle.activity() // the tab becoming visible again
    expect(a.events).toEqual(['lapsed'])
    expect(a.idle.hasLapsed()).toBe(true)
    time.advance(0)
    expect(a.events).toEqual(['lapsed'])
  })

  it.each([
    [30 * MINUTE, 29 * MINUTE],
    [2 * MINUTE, 1 * MINUTE],
    [1 * MINUTE, 30_000],
    [15_000, 7_500], // VITE_IDLE_MINUTES=0.25: half the idle time
  ])('with %i ms idle time the warning comes at %i ms', (idleMs, warnAt) => {
    const a = idleTab(createSharedStorage().tab(), idleMs)
    logIn(a)
    time.advance(warnAt - 1)
    expect(a.idle.state().warning).toBe(false)
    time.advance(1)
    expect(a.idle.state()).toEqual({ deadline: time.now() - warnAt + idleMs, warning: true, lapsed: false })
    expect(a.events).toEqual(['warning'])
  })

  it('activity withdraws the warning and starts the count again', () => {
    const a = idleTab(createSharedStorage().tab())
    logIn(a)
    time.advance(29.5 * MINUTE)
    expect(a.events).toEqual(['warning'])
    a.idle.activity()
    expect(a.events).toEqual(['warning', 'resumed'])
    expect(a.idle.state()).toEqual({ deadline: time.now() + 30 * MINUTE, warning: false, lapsed: false })
    time.advance(29 * MINUTE - 1)
    expect(a.events).toEqual(['warning', 'resumed'])
  })

  it('activity in another tab keeps this tab alive, and withdraws the warning in every tab', () => {
    const shared = createSharedStorage()
    const [a, b] = [idleTab(shared.tab()), idleTab(shared.tab())]
    logIn(a, b)
    for (let i = 0; i < 6; i += 1) {
      time.advance(20 * MINUTE)
      b.idle.activity() // only tab B is used
    }
    expect(a.events).toEqual([])
    time.advance(29.2 * MINUTE)
    expect(a.events).toEqual(['warning'])
    expect(b.events).toEqual(['warning'])
    b.idle.activity()
    expect(a.events).toEqual(['warning', 'resumed'])
    expect(b.events).toEqual(['warning', 'resumed'])
    expect(a.idle.state().deadline).toBe(time.now() + 30 * MINUTE)
  })

  it('throttles its storage writes, and writes the last activity once the throttle allows', () => {
    const shared = createSharedStorage()
    const [a, b] = [idleTab(shared.tab()), idleTab(shared.tab())]
    logIn(a, b)
    const loginWrites = a.writes.length
    time.advance(MINUTE)
    for (let i = 0; i < 100; i += 1) {
      a.idle.activity() // a mouse moving for a second
      time.advance(10)
    }
    expect(a.writes.length - loginWrites).toBe(1)
    time.advance(5_000) // 5 s: 1/20 of 30 minutes, at most
    expect(a.writes.length - loginWrites).toBe(2)
    expect(a.writes.at(-1)).toBe(time.now() - 5_000 - 10) // the last input, not the flush time
    expect(b.idle.state().deadline).toBe(a.idle.state().deadline) // the other tab lapses no earlier
  })

  it('a new session counts from its login, not from an old timestamp an earlier session left', () => {
    const a = idleTab(createSharedStorage().tab())
    logIn(a)
    time.advance(30 * MINUTE)
    expect(a.events).toEqual(['warning', 'lapsed'])
    time.advance(120 * MINUTE)
    logIn(a)
    expect(a.idle.state()).toEqual({ deadline: time.now() + 30 * MINUTE, warning: false, lapsed: false })
    expect(a.idle.hasLapsed()).toBe(false)
  })

  it('a session without any stored activity (first run) starts counting now', () => {
    const tab = createSharedStorage().tab()
    const a = idleTab(tab)
    a.idle.watch()
    expect(tab.storage.getItem(LAST_ACTIVITY_KEY)).toBe(String(time.now()))
    expect(a.idle.state().deadline).toBe(time.now() + 30 * MINUTE)
  })

  it('a session ended past its idle time (by another tab) counts as a lapse here; ended earlier (logout), it does not', () => {
    const shared = createSharedStorage()
    const [a, b] = [idleTab(shared.tab()), idleTab(shared.tab())]
    logIn(a, b)
    time.advance(10 * MINUTE)
    b.idle.unwatch() // logged out in another tab
    expect(b.idle.state()).toEqual({ deadline: null, warning: false, lapsed: false })
    logIn(a, b)
    time.sleep(30 * MINUTE) // tab B's timers were asleep; tab A ended the session
    b.idle.unwatch()
    expect(b.events).toEqual(['lapsed'])
    expect(b.idle.state().lapsed).toBe(true)
  })

  it("a session another tab lapsed is a lapse here too, though its arrival here put this tab's deadline a moment later", () => {
    const shared = createSharedStorage()
    let arrival: number | null = null
    const [a, b] = [idleTab(shared.tab(), 30 * MINUTE, () => arrival), idleTab(shared.tab())]
    logIn(a, b) // the login writes the shared timestamp, then the session reaches tab A's store a millisecond later
    time.advance(1)
    arrival = time.now()
    expect(a.idle.state().deadline).toBe(time.now() + 30 * MINUTE)
    time.advance(30 * MINUTE - 1)
    expect(b.events).toEqual(['warning', 'lapsed']) // B ends the session at the shared deadline…
    expect(a.events).toEqual(['warning'])
    a.idle.unwatch() // …and A hears of it before its own deadline, 1 ms later
    expect(a.events).toEqual(['warning', 'lapsed'])
    expect(a.idle.state().lapsed).toBe(true)
  })
})

describe('the idle time', () => {
  it('is over when the last activity is exactly the idle time old, and never without one', () => {
    expect(isIdleOver(1000, 500, 1499)).toBe(false)
    expect(isIdleOver(1000, 500, 1500)).toBe(true)
    expect(isIdleOver(null, 500, Number.MAX_SAFE_INTEGER)).toBe(false)
  })

  it.each([
    [30 * MINUTE, { unit: 'minutes', count: 30 }],
    [MINUTE, { unit: 'minutes', count: 1 }],
    [0.25 * MINUTE, { unit: 'seconds', count: 15 }],
    [1.5 * MINUTE, { unit: 'seconds', count: 90 }],
  ])('%i ms is said as %o', (ms, words) => {
    expect(idleTimeInUnits(ms)).toEqual(words)
  })
})
