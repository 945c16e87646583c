// "Remember me" in a real browser: checked (the default) the tokens live in localStorage; unchecked they
// never touch it (nor cookies or IndexedDB), live in each tab's sessionStorage, and end with the last tab.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertNoProblems, launchBrowser, login, openPage, openTab, recordApiCalls, screenshot } from './lib/index.mjs'
import { keepWorking, summarizeCalls } from './lib/session-work.mjs'

const SESSION_KEY = 'vue-jwt-drf.session.v1'

/** @type {import('playwright-core').Browser} */
let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/**
 * Reports every localStorage write whose value holds a JWT, in any tab of the context, from before the
 * app's first line runs: "no token in localStorage at any moment", not only at the moments we look.
 * @param {import('playwright-core').BrowserContext} context
 */
async function watchLocalStorageForTokens(context) {
  /** @type {string[]} */
  const writes = []
  await context.exposeBinding('e2eTokenWrittenToLocalStorage', (_source, /** @type {string} */ key) => void writes.push(key))
  await context.addInitScript(() => {
    const jwt = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/
    const setItem = Storage.prototype.setItem
    Storage.prototype.setItem = function (key, value) {
      // The mock's database is the server's (it keeps each session's refresh token, as Django's does), not the app's.
      if (key === 'mock-backend.db.v1') return setItem.call(this, key, value)
      if (this === globalThis.localStorage && jwt.test(String(value))) /** @type {any} */ (globalThis).e2eTokenWrittenToLocalStorage(key)
      return setItem.call(this, key, value)
    }
  })
  return writes
}

/**
 * Tokens found in the page's localStorage, cookies and IndexedDB right now.
 * @param {import('playwright-core').Page} page
 */
async function tokensOutsideSessionStorage(page) {
  const found = await page.evaluate(async () => {
    const jwt = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/
    // Not the mock's database: on a real deployment that is the server's, which keeps each session's refresh token.
    const local = Object.keys(localStorage).filter((key) => key !== 'mock-backend.db.v1' && jwt.test(localStorage.getItem(key) ?? ''))
    const databases = (await indexedDB.databases()).map((database) => database.name)
    return { local, databases, cookie: document.cookie }
  })
  return { ...found, cookies: (await page.context().cookies()).map((cookie) => cookie.name) }
}

/** @param {import('playwright-core').Page} page */
async function expectOnlyInSessionStorage(page) {
  assert.deepEqual(await tokensOutsideSessionStorage(page), { local: [], databases: [], cookie: '', cookies: [] })
  assert.match(await page.evaluate((key) => sessionStorage.getItem(key) ?? '', SESSION_KEY), /"refresh":"eyJ/)
}

test('"Remember me" off: no token in localStorage at any moment; a reload keeps the session, a new tab gets it, closing every tab ends it', async () => {
  const { context, page: first, problems } = await openPage(browser, { mockSettings: { accessSeconds: 3, rotate: true, latencyMs: 40 } })
  const apiCalls = recordApiCalls(context)
  const writes = await watchLocalStorageForTokens(context)
  try {
    await first.goto('/login?redirect=/orders')
    const remember = first.getByRole('checkbox', { name: 'Remember me' })
    assert.equal(await remember.isChecked(), true) // today's behaviour by default
    await remember.uncheck()
    await screenshot(first, 'login-remember-me-off-en')
    await login(first, 'demo', 'demo123')
    await first.getByRole('button', { name: 'New order' }).waitFor()
    await expectOnlyInSessionStorage(first)

    await first.reload()
    await first.getByRole('button', { name: 'New order' }).waitFor()
    assert.equal(new URL(first.url()).pathname, '/orders')
    await expectOnlyInSessionStorage(first)

    const { page: second, problems: secondProblems } = await openTab(context)
    await second.goto('/orders')
    await second.getByRole('button', { name: 'New order' }).waitFor() // logged in through the other tab, no login page
    await expectOnlyInSessionStorage(second)

    // 3-second tokens with rotation, both tabs busy: refreshes are shared over BroadcastChannel.
    const since = await first.evaluate(() => Date.now())
    const until = Date.now() + 8000
    await Promise.all([keepWorking(first, until), keepWorking(second, until)])
    const calls = (await apiCalls(first)).filter((call) => call.at >= since)
    const summary = summarizeCalls(calls)
    // A refresh refused because the other tab's rotated token reached this tab's copy late is healed by the wait
    // for that token (session core); what must never happen is a request sent with a token the server refuses.
    const refusedRefreshes = calls.filter((call) => call.status === 401 && call.path.endsWith('/token/refresh/')).length
    console.log(`remember me off: ${summary.refreshes} refreshes in two tabs, ${summary.refused} × 401 (${refusedRefreshes} on refresh)`)
    assert.ok(summary.refreshes >= 2)
    assert.equal(summary.refused - refusedRefreshes, 0, 'a request went out with a token the server refuses')
    assert.equal(summary.failed, 0)
    const [firstTokens, secondTokens] = await Promise.all([first, second].map((page) => page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY)))
    assert.equal(JSON.parse(firstTokens ?? '{}').refresh, JSON.parse(secondTokens ?? '{}').refresh)

    // Logout in one tab reaches the other.
    await first.goto('/session')
    await first.getByRole('button', { name: 'Log out', exact: true }).click()
    await second.getByRole('button', { name: 'Log in' }).waitFor({ timeout: 5000 })
    assert.equal(await second.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY), null)
    assert.equal(await first.getByRole('checkbox', { name: 'Remember me' }).isChecked(), false) // the choice is remembered

    // Login in one tab reaches the other, which is on the login page.
    await login(first, 'demo', 'demo123')
    await first.getByRole('button', { name: 'New order' }).waitFor()
    await second.getByRole('button', { name: 'New order' }).waitFor({ timeout: 5000 })
    await expectOnlyInSessionStorage(second)

    // Every tab closes: the session is gone; a new tab shows the login page.
    await first.close()
    await second.close()
    const { page: third, problems: thirdProblems } = await openTab(context)
    await third.goto('/orders')
    await third.getByRole('button', { name: 'Log in' }).waitFor()
    assert.equal(new URL(third.url()).searchParams.get('redirect'), '/orders')
    assert.equal(await third.evaluate(() => sessionStorage.length), 0)

    assert.deepEqual(writes, [], `tokens were written to localStorage under ${writes.join(', ')}`)
    assertNoProblems(problems)
    assertNoProblems(secondProblems)
    assertNoProblems(thirdProblems)
  } finally {
    await context.close()
  }
})

test('"Remember me" checked (the default): the session is in localStorage and outlives its tabs', async () => {
  const { context, page, problems } = await openPage(browser, { locale: 'zh-CN', mockSettings: { latencyMs: 40 } })
  try {
    await page.goto('/login?redirect=/orders')
    const remember = page.getByRole('checkbox', { name: '记住我' })
    assert.equal(await remember.isChecked(), true)
    await screenshot(page, 'login-zh-CN')
    await page.locator('input[name="username"]').fill('demo')
    await page.locator('input[name="password"]').fill('demo123')
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('button', { name: '新建订单' }).waitFor()
    assert.match(await page.evaluate((key) => localStorage.getItem(key) ?? '', SESSION_KEY), /"refresh":"eyJ/)
    assert.equal(await page.evaluate((key) => sessionStorage.getItem(key), SESSION_KEY), null)
    await page.close()
    const { page: later } = await openTab(context)
    await later.goto('/orders')
    await later.getByRole('button', { name: '新建订单' }).waitFor()
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
})
