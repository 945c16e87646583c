// One server dialect in a real browser (E2E_DIALECT, its own build; run.mjs's dialect phases): 3-second tokens,
// two tabs working for 12 seconds, the wrong-password message in both languages, and the end of the window.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { E2E_BACKEND, assertNoProblems, launchBrowser, login, openPage, openTab, recordApiCalls, screenshot } from './lib/index.mjs'
import { keepWorking, summarizeCalls } from './lib/session-work.mjs'

const DIALECT = process.env.E2E_DIALECT ?? 'simplejwt'
const REFRESH_PATH = DIALECT === 'drf-jwt' ? '/api-token-refresh/' : '/token/refresh/'
const WORK_MS = 12_000
/** The mock's lifetimes; the Django server of the sliding phase runs with the same (run.mjs). */
const ACCESS_SECONDS = 3
const WINDOW_SECONDS = Number(process.env.E2E_WINDOW_SECONDS ?? 30)
/** The last order opened before the window's end may take this long on a slow machine. */
const WINDOW_MARGIN_SECONDS = 8
const SHORT_TOKENS = { accessSeconds: ACCESS_SECONDS, refreshSeconds: WINDOW_SECONDS, latencyMs: 40 }

/** @type {import('playwright-core').Browser} */
let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/** @param {import('playwright-core').Page} page */
async function signIn(page) {
  await page.goto('/login?redirect=/orders')
  await login(page, 'demo', 'demo123')
  await page.getByRole('button', { name: 'New order' }).waitFor()
  return page.evaluate(() => Date.now())
}

test(`${DIALECT}: a wrong password says so in English and in Chinese`, async () => {
  for (const [locale, username, password, button, message] of [
    ['en-US', 'Username', 'Password', 'Log in', 'Incorrect username or password'],
    ['zh-CN', '用户名', '密码', '登录', '用户名或密码错误'],
  ]) {
    const { context, page, problems } = await openPage(browser, { locale, mockSettings: SHORT_TOKENS })
    try {
      await page.goto('/login')
      await page.getByLabel(username).fill('demo')
      await page.getByLabel(password).fill('nope')
      await page.getByRole('button', { name: button }).click()
      await page.getByText(message).waitFor()
      await screenshot(page, `dialect-${DIALECT}-wrong-password-${locale}`)
      assertNoProblems(problems)
    } finally {
      await context.close()
    }
  }
})

test(`${DIALECT}: two tabs working for 12 seconds with 3-second tokens: no 401, no logout, refreshes shared`, async () => {
  const { context, page: first, problems } = await openPage(browser, { mockSettings: SHORT_TOKENS })
  const apiCalls = recordApiCalls(context)
  try {
    const since = await signIn(first)
    const { page: second, problems: secondProblems } = await openTab(context)
    await second.goto('/orders')
    await second.getByRole('button', { name: 'New order' }).waitFor()
    const started = Date.now()
    // The work ends well before the window (counted from the login) that ends the session however active the user
    // is: on a slow machine the login and the second tab can take a good part of it.
    const until = Math.min(started + WORK_MS, since + (WINDOW_SECONDS - WINDOW_MARGIN_SECONDS) * 1000)
    assert.ok(until - started >= 2 * ACCESS_SECONDS * 1000, `only ${until - started} ms left to work before the window ends`)
    const [openedFirst, openedSecond] = await Promise.all([keepWorking(first, until), keepWorking(second, until)])
    const calls = (await apiCalls(first)).filter((call) => call.at >= since)
    const summary = summarizeCalls(calls)
    const refreshes = calls.filter((call) => call.path.endsWith(REFRESH_PATH)).length
    const lifetimes = (Date.now() - started) / (ACCESS_SECONDS * 1000)
    console.log(
      `${DIALECT} on ${E2E_BACKEND}: two tabs, ${openedFirst}+${openedSecond} orders opened, ${summary.requests} requests, ` +
        `${refreshes} refreshes in ${lifetimes.toFixed(1)} lifetimes, ${summary.refused} × 401`,
    )
    assert.equal(summary.refused, 0, `a 401 reached a tab: ${summary.refusedCalls.join(', ')}`)
    assert.equal(summary.failed, 0)
    assert.ok(refreshes >= Math.floor(lifetimes) - 1, `only ${refreshes} refreshes: is the token refreshed at all?`)
    assert.ok(refreshes <= Math.ceil(lifetimes * 2), `${refreshes} refreshes for ${lifetimes.toFixed(1)} lifetimes: tabs refresh independently`)
    for (const page of [first, second]) assert.match(new URL(page.url()).pathname, /^\/orders/)
    await screenshot(second, `dialect-${DIALECT}-second-tab-after-20s`)
    assertNoProblems(problems)
    assertNoProblems(secondProblems)
  } finally {
    await context.close()
  }
})

test(`${DIALECT}: the end of the window logs out with the session-expired message`, async () => {
  const windowSeconds = E2E_BACKEND === 'mock' ? 6 : WINDOW_SECONDS
  const { context, page, problems } = await openPage(browser, { mockSettings: { ...SHORT_TOKENS, refreshSeconds: windowSeconds } })
  const apiCalls = recordApiCalls(context)
  let stopped = false
  try {
    const loginClickedBefore = Date.now()
    const since = await signIn(page)
    // Every toast text shown from now on (a toast lasts a second: record it rather than race it).
    await page.evaluate(() => {
      const seen = /** @type {string[]} */ ([])
      Object.assign(window, { toastsSeen: seen })
      new MutationObserver(() => {
        for (const toast of document.querySelectorAll('.van-toast')) if (toast.textContent) seen.push(toast.textContent.trim())
      }).observe(document.body, { childList: true, subtree: true, characterData: true })
    })
    // The user keeps working: the window slides, then ends however active they are.
    const working = (async () => {
      while (!stopped && new URL(page.url()).pathname !== '/login') {
        const opened = await page
          .getByRole('link', { name: /SO-000025/ })
          .first()
          .click({ timeout: 2000 })
          .then(() => page.getByRole('button', { name: 'Edit' }).waitFor({ timeout: 3000 }))
          .then(() => true, () => false)
        // Back to the list only from an order (going back from the list would leave the app).
        if (opened && /^\/orders\/\d+$/.test(new URL(page.url()).pathname)) await page.goBack().catch(() => undefined)
      }
    })()
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.has('redirect'), { timeout: (windowSeconds + 10) * 1000 })
    // From before the login: the window starts at the token's iat, in whole seconds.
    const endedAfter = (Date.now() - loginClickedBefore) / 1000
    stopped = true
    await working
    await page.waitForFunction(() => /** @type {any} */ (window).toastsSeen.includes('Session expired, please log in again'))
    console.log(`${DIALECT} on ${E2E_BACKEND}: the ${windowSeconds}-second window ended the session after ${endedAfter.toFixed(1)} s`)
    assert.ok(endedAfter >= windowSeconds - 1, `ended after ${endedAfter} s, before the window's end`)
    assert.equal(await page.evaluate(() => localStorage.getItem('vue-jwt-drf.session.v1')), null)
    const summary = summarizeCalls((await apiCalls(page)).filter((call) => call.at >= since))
    assert.equal(summary.refused, 0, 'a 401 reached the app before the window ended')
    await screenshot(page, `dialect-${DIALECT}-window-ended`)
    assertNoProblems(problems)
  } finally {
    stopped = true
    await context.close()
  }
})
