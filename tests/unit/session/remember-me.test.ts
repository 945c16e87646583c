import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { createIdlePolicy, type IdlePolicy } from '@packages/session/idle'
import { LAST_ACTIVITY_KEY, trackSessionArrival, writeLastActivity } from '@packages/session/idle-time'
import { createSimplejwtDialect } from '@packages/session/dialects/simplejwt'
import { createRememberMeStore, REMEMBER_ME_KEY, type RememberMeStore } from '@packages/session/remember'
import { createTokenStore, SESSION_STORAGE_KEY } from '@packages/session/storage'
import { createLockPresence, createTabSync, TAB_SESSION_CHANNEL } from '@packages/session/tab-sync'
import { createMockBackend, type MockBackend } from '@django-jwt/mock'
import { followSession } from '@packages/session/idleActivity'
import { createTestClient, type TestClient } from '../../support/session-client'
import {
  createChannelHub,
  createFakeLocks,
  createManualTime,
  createPresenceLocks,
  createSharedStorage,
  type ChannelHub,
  type ManualTime,
} from '../../support/tabs'

/**
 * "Remember me" off, across simulated tabs of one browser: one localStorage shared by all, a
 * sessionStorage per tab, BroadcastChannels and Web Locks between them; the mock backend behind.
 */
const ACCESS_SECONDS = 300
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/
const server = setupServer()
let time: ManualTime
let backend: MockBackend
let browser: ReturnType<typeof createBrowser>

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  time = createManualTime()
  backend = createMockBackend({ now: () => time.now(), accessSeconds: ACCESS_SECONDS, rotate: true, latencyMs: 0 })
  server.resetHandlers(...backend.handlers)
  browser = createBrowser()
})

type Tab = TestClient & { id: string; store: RememberMeStore; sessionStorage: Storage; localStorage: Storage; idle: IdlePolicy | null; close(): void; logIn(remember: boolean): Promise<void> }

interface BrowserOptions {
  /** localStorage reaches other tabs this late (BroadcastChannel messages come after 0 ms). */
  lagMs?: number
  /** Each tab runs the idle lapse, wired as the app wires it. */
  idleMs?: number
}

function createBrowser(options: BrowserOptions = {}) {
  const local = createSharedStorage({ lagMs: options.lagMs })
  const hub: ChannelHub = createChannelHub()
  const presence = createPresenceLocks()
  const locks = createFakeLocks()
  /** Every value ever written to localStorage, by any tab. */
  const localWrites: Array<[string, string]> = []
  let tabs = 0

  /** Opens a tab; `sessionStorage` of an earlier tab makes it that tab reloaded. */
  function open(sessionStorage = createSharedStorage().tab().storage): Tab {
    // The stores only read tokens (accept, describe): the dialect's requests go through each tab's client.
    const pairs = createSimplejwtDialect({ post: () => Promise.reject(new Error('not used by the stores')) })
    tabs += 1
    const id = `tab-${tabs}`
    const localTab = local.tab()
    const setItem = localTab.storage.setItem.bind(localTab.storage)
    localTab.storage.setItem = (key, value) => {
      localWrites.push([key, value])
      setItem(key, value)
    }
    const channel = hub.channel(TAB_SESSION_CHANNEL)
    let now = () => time.now()
    const perTab = createTokenStore({ storage: sessionStorage, now: () => now(), dialect: pairs })
    const store = createRememberMeStore({
      persistent: createTokenStore({ storage: localTab.storage, now: () => now(), events: localTab.events as unknown as Window, dialect: pairs }),
      perTab,
      preferences: localTab.storage,
      events: localTab.events as unknown as Window,
      loadTabSync: async (onChange) =>
        createTabSync({ copy: perTab, storage: sessionStorage, channel, presence: createLockPresence(presence.forTab(id)), onChange, answerWaitMs: 1000 }),
    })
    let idle: IdlePolicy | null = null
    const client = createTestClient({ time, tab: localTab, locks, store, vetoUse: () => (idle?.hasLapsed() ? 'idle' : null) })
    now = client.clock.now
    if (options.idleMs) {
      const floor = trackSessionArrival(client.session, time.now)
      idle = createIdlePolicy({ idleMs: options.idleMs, now: time.now, storage: localTab.storage, events: localTab.events as unknown as Window, setTimer: time.setTimer, clearTimer: time.clearTimer, floor })
      followSession(idle, client.session)
    }
    return Object.assign(client, {
      id,
      store,
      idle,
      sessionStorage,
      localStorage: localTab.storage,
      close() {
        client.session.stop()
        channel.close()
        presence.closeTab(id)
      },
      async logIn(remember: boolean) {
        await store.choose(remember)
        const { data } = await client.http.post('/token/', { username: 'demo', password: 'demo123' }, { skipAuth: true })
        writeLastActivity(localTab.storage, time.now()) // as the store's login does, right before establishing
        client.session.establish(data)
      },
    })
  }

  /** What a page load does before the app starts: join the other tabs' per-tab session, if any. */
  async function openAndJoin(sessionStorage?: Storage): Promise<Tab> {
    const tab = open(sessionStorage)
    await tab.store.join()
    return tab
  }

  return {
    open,
    openAndJoin,
    hub,
    presence,
    localWrites,
    /** Every key and value in localStorage now. */
    localStorage: () => {
      const view = local.tab().storage
      return Object.fromEntries(Array.from({ length: view.length }, (_, i) => [view.key(i)!, view.getItem(view.key(i)!)!]))
    },
  }
}

/** The assertion of this file: no token in localStorage now, nor ever written there. */
function expectNoTokenInLocalStorage(): void {
  expect(Object.values(browser.localStorage()).filter((value) => JWT.test(value))).toEqual([])
  expect(browser.localWrites.filter(([, value]) => JWT.test(value))).toEqual([])
}

const refreshCalls = () => backend.calls.filter((call) => call.path.endsWith('/token/refresh/')).length

describe('"Remember me" off', () => {
  it('keeps the tokens out of localStorage at every step: login, requests, refreshes in two tabs, logout', async () => {
    const a = await browser.openAndJoin()
    await a.logIn(false)
    expectNoTokenInLocalStorage()
    expect(browser.localStorage()[REMEMBER_ME_KEY]).toBe('false')
    expect(JSON.parse(a.sessionStorage.getItem(SESSION_STORAGE_KEY)!).refresh).toBe(a.session.current()!.refresh)
    await a.http.get('/orders/')
    expectNoTokenInLocalStorage()

    const b = await browser.openAndJoin()
    expect(b.session.current()).toEqual(a.session.current())
    expectNoTokenInLocalStorage()

    time.advance((ACCESS_SECONDS + 1) * 1000)
    await Promise.all([a.http.get('/orders/1/'), b.http.get('/orders/2/')])
    expect(refreshCalls()).toBe(1) // one refresh for both tabs (rotation on: a second would be refused)
    await expect.poll(() => b.session.current()?.refresh).toBe(a.session.current()?.refresh)
    expect(JSON.parse(b.sessionStorage.getItem(SESSION_STORAGE_KEY)!).access).toBe(a.session.current()!.access)
    expectNoTokenInLocalStorage()

    await a.session.logout()
    await expect.poll(() => b.session.current()).toBeNull()
    expect(b.events.map((event) => event.type)).toContain('remote-logout')
    expect(b.sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull()
    expectNoTokenInLocalStorage()
    expect(backend.calls.filter((call) => call.status === 401)).toEqual([])
  })

  it('a reload keeps the session (the tab’s own sessionStorage), and takes a newer one a tab refreshed meanwhile', async () => {
    const a = await browser.openAndJoin()
    await a.logIn(false)
    const b = await browser.openAndJoin()
    const stale = b.session.current()
    b.close() // tab B reloads…
    time.advance((ACCESS_SECONDS + 1) * 1000)
    await a.http.get('/me/') // …while tab A refreshes (and rotates the refresh token)
    expect(JSON.parse(b.sessionStorage.getItem(SESSION_STORAGE_KEY)!).refresh).toBe(stale!.refresh)
    const reloaded = await browser.openAndJoin(b.sessionStorage)
    expect(reloaded.session.current()).toEqual(a.session.current())
    await reloaded.http.get('/me/')
    expect(refreshCalls()).toBe(1)
    expectNoTokenInLocalStorage()
  })

  it('a reload of the only tab keeps the session without asking anyone', async () => {
    const a = await browser.openAndJoin()
    await a.logIn(false)
    const access = a.session.current()!.access
    a.close()
    const before = browser.hub.posted.length
    const reloaded = await browser.openAndJoin(a.sessionStorage)
    expect(reloaded.session.current()?.access).toBe(access)
    expect(browser.hub.posted.slice(before)).toEqual([]) // no tab held the session: no question asked
    expect(browser.presence.heldBy(reloaded.id)).toHaveLength(1)
  })

  it('a new tab gets the session through the handshake; once every tab is closed, a new tab has none', async () => {
    const a = await browser.openAndJoin()
    await a.logIn(false)
    const b = await browser.openAndJoin()
    expect(b.session.isLoggedIn()).toBe(true)
    expect(browser.hub.posted.map((message) => (message.data as { type: string }).type)).toEqual(['session', 'hello', 'welcome'])
    a.close()
    b.close()
    const started = performance.now()
    const c = await browser.openAndJoin()
    expect(performance.now() - started).toBeLessThan(500) // no tab holds a session: nobody is waited for
    expect(c.session.current()).toBeNull()
    expect(c.sessionStorage.length).toBe(0)
    expectNoTokenInLocalStorage()
  })

  it('a login in one tab logs in the other tabs, including one opened before the choice was made', async () => {
    const a = await browser.openAndJoin()
    const b = await browser.openAndJoin() // on the login page; its browser remembered so far
    await a.logIn(false)
    await expect.poll(() => b.session.current()?.access).toBe(a.session.current()!.access)
    expect(b.events.map((event) => event.type)).toContain('remote-login')
    expectNoTokenInLocalStorage()
  })

  it('the next login that remembers moves the session back to localStorage, and the choice is kept', async () => {
    const a = await browser.openAndJoin()
    await a.logIn(false)
    expect(a.store.remembers()).toBe(false)
    await a.session.logout()
    await a.logIn(true)
    expect(a.store.remembers()).toBe(true)
    expect(JSON.parse(browser.localStorage()[SESSION_STORAGE_KEY]!).access).toBe(a.session.current()!.access)
    expect(a.sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull()
    const b = await browser.openAndJoin()
    expect(b.session.current()?.access).toBe(a.session.current()!.access)
  })
})

describe('"Remember me" off, with the idle lapse', () => {
  it('a login in one tab reaches the others before its idle timestamp does: they count from its arrival, not from an old timestamp', async () => {
    browser = createBrowser({ lagMs: 50, idleMs: 30 * 60_000 })
    const a = await browser.openAndJoin()
    const b = await browser.openAndJoin()
    // An earlier session left its timestamp two hours ago; every tab has it.
    const stale = String(time.now() - 2 * 60 * 60_000)
    a.localStorage.setItem(LAST_ACTIVITY_KEY, stale)
    await expect.poll(() => b.localStorage.getItem(LAST_ACTIVITY_KEY)).toBe(stale)
    await a.logIn(false)
    await expect.poll(() => b.session.current()?.access).toBe(a.session.current()!.access) // over BroadcastChannel, first
    await b.http.get('/me/')
    await expect.poll(() => b.localStorage.getItem(LAST_ACTIVITY_KEY)).toBe(String(time.now()))
    expect(b.session.isLoggedIn()).toBe(true)
    expect(a.session.isLoggedIn()).toBe(true)
    expect(backend.calls.filter((call) => call.path.endsWith('/token/blacklist/'))).toEqual([])
    time.advance(30 * 60_000)
    expect(b.idle!.state().lapsed || a.idle!.state().lapsed).toBe(true) // and the idle time still runs out
  })
})

describe('"Remember me" on (the default)', () => {
  it('keeps the tokens in localStorage, shared by every tab, with no tab-to-tab messages', async () => {
    const a = await browser.openAndJoin()
    expect(a.store.remembers()).toBe(true)
    await a.logIn(true)
    const b = await browser.openAndJoin()
    expect(b.session.current()).toEqual(a.session.current())
    expect(JSON.parse(browser.localStorage()[SESSION_STORAGE_KEY]!).refresh).toBe(a.session.current()!.refresh)
    expect(browser.hub.posted).toEqual([])
  })
})
