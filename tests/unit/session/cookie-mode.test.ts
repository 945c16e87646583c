// @vitest-environment node
/**
 * Cookie mode in the browser session (createBrowserSession with createSimplejwtCookieDialect) against the mock in
 * cookie mode: the access token in each tab's memory only, other tabs served over BroadcastChannel, a reload restored
 * through the cookie with one refresh under the lock, one refresh for parallel renewals across tabs, the logout.
 *
 * The "browser" here: one localStorage and sessionStorage (Map-backed), BroadcastChannels of a hub (a tab closes by
 * closing its channels), no navigator.locks (the core's fallback lock), and MSW's cookie store on node, which keeps
 * what a mocked Set-Cookie sets for its origin and sends it back, as a browser's jar does. Each test has its own
 * origin, so its jar starts empty.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { setupServer } from 'msw/node'
import { createMockBackend, type MockBackend } from '@django-jwt/mock'
import { createBrowserSession, type BrowserSession } from '@packages/session/browser'
import { createSimplejwtCookieDialect } from '@packages/session/dialects/simplejwtCookie'
import { apiErrorFromResponse } from '@packages/session/errors'
import type { TokenPost } from '@packages/session/dialect'
import { COOKIE_SESSION_HINT_KEY, memoryStorage } from '@packages/session/memory-tabs'
import { createChannelHub, type ChannelHub } from '../../support/tabs'

const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/
const DEMO = { username: 'demo', password: 'demo123' }
const server = setupServer()
let backend: MockBackend
let origin = ''
let site = 0
let hub: ChannelHub
let openChannels: Array<{ close(): void }> = []
let local: Storage
let perTab: Storage

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  origin = `https://cookie-tab${++site}.test`
  backend = createMockBackend({ refreshTransport: 'cookie', rotate: true, latencyMs: 0 })
  server.resetHandlers(...backend.handlers)
  hub = createChannelHub()
  openChannels = []
  local = memoryStorage()
  perTab = memoryStorage()
  vi.stubGlobal('localStorage', local)
  vi.stubGlobal('sessionStorage', perTab)
  vi.stubGlobal(
    'BroadcastChannel',
    class {
      constructor(name: string) {
        const channel = hub.channel(name)
        openChannels.push(channel)
        return channel
      }
    },
  )
})
afterEach(() => {
  for (const channel of openChannels) channel.close()
  vi.unstubAllGlobals()
})

/** The app's token POST on fetch: same origin, so the (mocked) browser sends and keeps the cookie. */
const post: TokenPost = async (path, body, options = {}) => {
  const response = await fetch(`${origin}/api${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...options.headers },
    body: JSON.stringify(body),
  })
  const data: unknown = await response.json().catch(() => null)
  if (!response.ok) throw apiErrorFromResponse(response.status, data)
  return data
}

/** A tab: the app's session in it, started. */
async function openTab(): Promise<BrowserSession> {
  const session = createBrowserSession({ dialect: createSimplejwtCookieDialect({ post }) })
  await session.start()
  return session
}

/** Closes every tab open so far (their channels): the next tab has nobody to ask, as after a reload of the only tab. */
function closeTabs(): void {
  for (const channel of openChannels) channel.close()
  openChannels = []
}

const refreshes = () => backend.calls.filter((call) => call.path === '/api/token/refresh/').length

/** MSW's cookie store persists to a global localStorage when there is one: here it stands for the browser's jar. */
const BROWSER_JAR_KEY = '__msw-cookie-store__'

/** What the app keeps in storage that an injected script could read: any token-shaped string. */
function tokensInStorage(): string[] {
  const values: string[] = []
  for (const storage of [local, perTab]) {
    for (let index = 0; index < storage.length; index++) {
      const key = storage.key(index) ?? ''
      if (key !== BROWSER_JAR_KEY) values.push(storage.getItem(key) ?? '')
    }
  }
  return values.filter((value) => JWT.test(value))
}

describe('cookie mode in the browser session', () => {
  it('a login keeps the access token in memory only: storage holds the hint and the choice, no token', async () => {
    const tab = await openTab()
    await tab.login(DEMO, { remember: true })
    const current = tab.session.current()
    expect(current?.access).toMatch(JWT)
    expect(current?.refresh).toBeNull()
    expect(tokensInStorage()).toEqual([])
    expect(local.getItem(COOKIE_SESSION_HINT_KEY)).toBe('1')
    expect(perTab.length).toBe(0)
    // The login asked for a persistent cookie: the session was remembered on the server.
    expect(backend.snapshot().sessions.at(-1)).toMatchObject({ remember: true })
  })

  it('remember off asks for a browser-session cookie', async () => {
    const tab = await openTab()
    await tab.login(DEMO, { remember: false })
    expect(backend.snapshot().sessions.at(-1)).toMatchObject({ remember: false })
  })

  it('a new tab gets the access token from an open one over BroadcastChannel: no refresh', async () => {
    const first = await openTab()
    await first.login(DEMO)
    const second = await openTab()
    expect(second.session.current()?.access).toBe(first.session.current()?.access)
    expect(refreshes()).toBe(0)
  })

  it('a reload with no other tab restores the session through the cookie with one refresh', async () => {
    const first = await openTab()
    await first.login(DEMO)
    const before = first.session.current()?.access
    closeTabs()
    const reloaded = await openTab()
    expect(refreshes()).toBe(1)
    expect(reloaded.session.current()?.access).toMatch(JWT)
    expect(reloaded.session.current()?.access).not.toBe(before)
    expect(tokensInStorage()).toEqual([])
  })

  it('two tabs reloaded together restore once: the second gets the first one’s tokens', async () => {
    const first = await openTab()
    await first.login(DEMO)
    closeTabs()
    const [one, two] = await Promise.all([openTab(), openTab()])
    expect(refreshes()).toBe(1)
    expect(two.session.current()?.access).toBe(one.session.current()?.access)
  })

  it('a page load without the hint (never logged in, or logged out) sends nothing', async () => {
    const tab = await openTab()
    expect(tab.session.current()).toBeNull()
    expect(backend.calls).toEqual([])
  })

  it('a cookie the server refuses (the session ended elsewhere) restores nothing and forgets the hint', async () => {
    const first = await openTab()
    await first.login(DEMO)
    closeTabs()
    // Ended from another device: the cookie's session is over.
    const access = first.session.current()?.access
    await fetch(`${origin}/api/me/logout-all/`, { method: 'POST', headers: { Authorization: `JWT ${access}`, Cookie: '__Host-refresh=' } })
    const reloaded = await openTab()
    expect(reloaded.session.current()).toBeNull()
    expect(local.getItem(COOKIE_SESSION_HINT_KEY)).toBeNull()
  })

  it('parallel renewals in two tabs spend the cookie once; both tabs hold the new access token', async () => {
    const first = await openTab()
    await first.login(DEMO)
    const second = await openTab()
    await Promise.all([first.session.refresh(), second.session.refresh(), first.session.refresh()])
    expect(refreshes()).toBe(1)
    expect(second.session.current()?.access).toBe(first.session.current()?.access)
    // The cookie the server holds for the session is the one the jar got: the next renewal is no reuse.
    await first.session.refresh()
    expect(refreshes()).toBe(2)
    expect(first.session.current()).not.toBeNull()
  })

  it('a logout in one tab ends the session in every tab and the server clears the cookie', async () => {
    const first = await openTab()
    await first.login(DEMO)
    const second = await openTab()
    const secondEnded = new Promise<void>((resolve) => second.session.on(() => second.session.current() === null && resolve()))
    await first.session.logout()
    await secondEnded
    expect(first.session.current()).toBeNull()
    expect(second.session.current()).toBeNull()
    expect(local.getItem(COOKIE_SESSION_HINT_KEY)).toBeNull()
    expect(backend.calls.filter((call) => call.path === '/api/token/blacklist/')).toHaveLength(1)
    // Nothing left to restore: a reload asks nothing.
    closeTabs()
    backend.clearCalls()
    await openTab()
    expect(backend.calls).toEqual([])
  })
})
