// Cookie mode in a real browser (a VITE_REFRESH_TRANSPORT=cookie build; tests/e2e/run.mjs's cookie phases): the
// refresh token travels only in an httpOnly `__Host-` cookie, the access token lives in each tab's memory, a reload
// restores the session through the cookie, and every tab follows one refresh.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { E2E_BACKEND, assertNoProblems, launchBrowser, login, openPage, openTab, recordApiCalls, screenshot } from './lib/index.mjs'
import { keepWorking, summarizeCalls } from './lib/session-work.mjs'

const ACCESS_SECONDS = Number(process.env.E2E_ACCESS_SECONDS) || 4
const MOCK = { accessSeconds: ACCESS_SECONDS, rotate: true, latencyMs: 40, refreshTransport: 'cookie' }
/** The mock's own state in the page: its database and MSW's cookie jar are the server's and the browser's, not the app's. */
const MOCK_SERVER_KEYS = ['mock-backend.db.v1', 'mock-backend.cookies.v1', '__msw-cookie-store__']
const TABS_WORK_MS = 60_000

/** @type {import('playwright-core').Browser} */
let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/** @param {import('playwright-core').Page} page */
async function signIn(page, { remember = true } = {}) {
  await page.goto('/login?redirect=/orders')
  if (!remember) await page.getByRole('checkbox', { name: 'Remember me' }).uncheck()
  await login(page, 'demo', 'demo123')
  await page.getByRole('button', { name: 'New order' }).waitFor()
  return page.evaluate(() => Date.now())
}

/**
 * What a script injected into the page can read: every token-shaped string in document.cookie, localStorage,
 * sessionStorage, IndexedDB's names, the Cache API and the app's state (the Vue app and its Pinia stores, which any
 * script reaches through `#app.__vue_app__`), with the access token it finds there.
 * @param {import('playwright-core').Page} page
 */
async function whatAnInjectedScriptReads(page) {
  return page.evaluate(
    async ({ serverKeys }) => {
      const jwt = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g
      const found = (/** @type {string} */ text) => text.match(jwt) ?? []
      const storage = (/** @type {Storage} */ area) =>
        Object.keys(area)
          .filter((key) => !serverKeys.includes(key))
          .flatMap((key) => found(area.getItem(key) ?? ''))
      const app = /** @type {any} */ (document.querySelector('#app'))?.__vue_app__
      const pinia = app?.config.globalProperties.$pinia
      const state = JSON.stringify(pinia?.state.value ?? {})
      // The stores' getters too (the session page reads the tokens through them).
      const getters = Object.values(pinia?._s ? Object.fromEntries(pinia._s) : {}).flatMap((/** @type {any} */ store) =>
        found(JSON.stringify({ access: store.accessToken, refresh: store.refreshToken })),
      )
      return {
        cookie: found(document.cookie),
        documentCookie: document.cookie,
        local: storage(localStorage),
        session: storage(sessionStorage),
        indexedDB: (await indexedDB.databases()).map((database) => database.name),
        caches: await caches.keys(),
        appState: [...found(state), ...getters],
      }
    },
    { serverKeys: E2E_BACKEND === 'mock' ? MOCK_SERVER_KEYS : [] },
  )
}

/**
 * The refresh token where the browser keeps it: the real cookie jar (Django), or the mock's jar, whose cookies live in
 * the page's localStorage (a service worker can't set a real cookie: the dev mode's limit). `expires`: seconds since
 * the epoch, -1 for a browser-session cookie (as playwright gives it).
 * @param {import('playwright-core').Page} page
 */
async function refreshCookie(page) {
  if (E2E_BACKEND === 'django') return (await page.context().cookies()).find((cookie) => cookie.name === '__Host-refresh') ?? null
  const jar = await page.evaluate(() => localStorage.getItem('mock-backend.cookies.v1'))
  const entry = JSON.parse(jar ?? '{}')['__Host-refresh']
  return entry ? { name: '__Host-refresh', value: entry.value, expires: entry.expiresAt === null ? -1 : entry.expiresAt / 1000 } : null
}

test('cookie mode: the refresh token is in an httpOnly __Host- cookie and nowhere an injected script can read; a reload restores the session through it', async () => {
  const { context, page, problems } = await openPage(browser, { mockSettings: MOCK })
  const apiCalls = recordApiCalls(context)
  try {
    await signIn(page)
    const cookie = await refreshCookie(page)
    assert.ok(cookie, 'login set the refresh cookie')
    if (E2E_BACKEND === 'django') {
      assert.deepEqual(
        { httpOnly: cookie.httpOnly, secure: cookie.secure, sameSite: cookie.sameSite, path: cookie.path },
        { httpOnly: true, secure: true, sameSite: 'Strict', path: '/' },
      )
    }
    assert.ok(cookie.expires > Date.now() / 1000, '"Remember me" on: a persistent cookie')
    const seen = await whatAnInjectedScriptReads(page)
    assert.deepEqual({ ...seen, appState: [] }, { cookie: [], documentCookie: '', local: [], session: [], indexedDB: [], caches: [], appState: [] })
    // The app's state holds the access token (requests need it) and never the refresh token.
    assert.ok(seen.appState.length > 0, 'the access token is in the app state')
    assert.ok(!seen.appState.includes(cookie.value), 'the refresh token is not in the app state')
    await page.goto('/session')
    await page.locator('[data-test="refresh-in-cookie"]').waitFor()
    await screenshot(page, `cookie-session-page-${E2E_BACKEND}`)

    // A reload: nothing in storage, one refresh through the cookie, the same page, logged in.
    const before = (await apiCalls(page)).length
    await page.reload()
    await page.locator('[data-test="refresh-in-cookie"]').waitFor()
    assert.equal(new URL(page.url()).pathname, '/session')
    const afterReload = summarizeCalls((await apiCalls(page)).slice(before))
    assert.equal(afterReload.refreshes, 1, 'the reload restored the session with one refresh')
    assert.notEqual((await refreshCookie(page))?.value, cookie.value, 'the restore rotated the cookie')
    assert.deepEqual({ ...(await whatAnInjectedScriptReads(page)), appState: [] }, { cookie: [], documentCookie: '', local: [], session: [], indexedDB: [], caches: [], appState: [] })

    // A new tab gets the access token from this one over BroadcastChannel: no refresh.
    const beforeTab = (await apiCalls(page)).length
    const { page: second, problems: secondProblems } = await openTab(context)
    await second.goto('/orders')
    await second.getByRole('button', { name: 'New order' }).waitFor()
    assert.equal(summarizeCalls((await apiCalls(page)).slice(beforeTab)).refreshes, 0, 'the new tab asked the first one, not the server')

    // Logout in one tab: every tab leaves, and the server clears the cookie.
    await page.getByRole('button', { name: 'Log out', exact: true }).dispatchEvent('click') // the first tab is in the background
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    await second.getByRole('button', { name: 'Log in' }).waitFor({ timeout: 5000 })
    await apiCalls.answered(page, '/token/blacklist/')
    assert.equal(await refreshCookie(page), null, 'logout cleared the cookie')
    // A reload after the logout stays logged out and asks nothing of the server (no hint of a session left).
    const beforeLoggedOut = (await apiCalls(page)).length
    await page.reload()
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    assert.equal(summarizeCalls((await apiCalls(page)).slice(beforeLoggedOut)).refreshes, 0)
    assertNoProblems(problems)
    assertNoProblems(secondProblems)
  } finally {
    await context.close()
  }
})

test('cookie mode, "Remember me" off: a session cookie (gone with the browser), the session still restored by a reload', async () => {
  const { context, page, problems } = await openPage(browser, { mockSettings: MOCK })
  try {
    await signIn(page, { remember: false })
    const cookie = await refreshCookie(page)
    assert.ok(cookie)
    assert.equal(cookie.expires, -1, 'a session cookie')
    await page.reload()
    await page.getByRole('button', { name: 'New order' }).waitFor()
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
})

test(`cookie mode: 3 tabs working for ${TABS_WORK_MS / 1000} s with ${ACCESS_SECONDS}-second access tokens: no logout, no 401, one refresh per lifetime for all tabs`, async () => {
  const { context, page: first, problems } = await openPage(browser, { mockSettings: MOCK })
  const apiCalls = recordApiCalls(context)
  try {
    const since = await signIn(first)
    const tabs = [{ page: first, problems }]
    for (let index = 0; index < 2; index++) {
      const tab = await openTab(context)
      await tab.page.goto('/orders')
      await tab.page.getByRole('button', { name: 'New order' }).waitFor()
      tabs.push(tab)
    }
    const started = Date.now()
    const opened = await Promise.all(tabs.map(({ page }) => keepWorking(page, started + TABS_WORK_MS)))
    const elapsedMs = Date.now() - started
    const summary = summarizeCalls((await apiCalls(first)).filter((call) => call.at >= since))
    // The floor: one refresh per access token, due 10% of its lifetime before its end (packages/session/src/schedule.ts).
    // Its exp is in whole seconds, so a token arrives with 3 to 4 of its 4 seconds left: 3.5 on average.
    const floor = elapsedMs / ((ACCESS_SECONDS - 0.5) * 1000 * 0.9)
    console.log(
      `cookie tabs (${E2E_BACKEND}): ${opened.join('+')} orders opened in ${(elapsedMs / 1000).toFixed(1)} s, ${summary.requests} requests, ` +
        `${summary.refreshes} refreshes (floor ${floor.toFixed(1)}), ${summary.refused} × 401, ${summary.failed} failed`,
    )
    assert.equal(summary.refused, 0, `a 401: ${summary.refusedCalls.join(', ')}`)
    assert.equal(summary.failed, 0)
    for (const { page } of tabs) assert.match(new URL(page.url()).pathname, /^\/orders/, 'no tab was logged out')
    // Every tab followed one refresh: 3 tabs refreshing on their own would make 3 times the floor.
    assert.ok(summary.refreshes <= Math.ceil(floor * 1.2) + 1, `${summary.refreshes} refreshes for a floor of ${floor.toFixed(1)}`)
    // And none put off until a 401: at least one per full lifetime.
    assert.ok(summary.refreshes >= Math.floor(elapsedMs / (ACCESS_SECONDS * 1000)) - 1, `${summary.refreshes} refreshes in ${elapsedMs} ms: not proactive`)
    await screenshot(tabs[2].page, `cookie-third-tab-after-60s-${E2E_BACKEND}`)
    for (const tab of tabs) assertNoProblems(tab.problems)
  } finally {
    await context.close()
  }
})
