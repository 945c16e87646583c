// The idle lapse in a real browser with a 15-second idle time (0.25 minutes), one tab and two: on the demo build
// (set through its localStorage override before the app boots) and on a production build made with
// VITE_IDLE_MINUTES=0.25 against the Django server (tests/e2e/run.mjs).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertNoProblems, launchBrowser, login, openPage, openTab, recordApiCalls, screenshot } from './lib/index.mjs'

/** Demo builds only: VITE_IDLE_MINUTES at run time (src/config.ts). */
const IDLE_OVERRIDE = { 'vue-jwt-drf.demo.idle-minutes': '0.25' }
const IDLE_MS = 15_000
/** The warning comes at half the idle time (shorter than 60 s); the test waits for it with this margin. */
const WARNING_WAIT_MS = IDLE_MS
const LAPSE_WAIT_MS = IDLE_MS + 10_000

/** @type {import('playwright-core').Browser} */
let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/**
 * Logs in from /login?redirect=<path> and waits for the page; returns when the last input happened.
 * @param {import('playwright-core').Page} page
 * @param {string} path
 * @param {string} [submit] the login button's name
 */
async function signIn(page, path, submit = 'Log in') {
  await page.goto(`/login?redirect=${path}`)
  if (submit === 'Log in') await login(page, 'demo', 'demo123')
  else {
    await page.locator('input[name="username"]').fill('demo')
    await page.locator('input[name="password"]').fill('demo123')
    await page.getByRole('button', { name: submit }).click()
  }
  // The click was the last input (the session arrives after it and counts from its arrival): under load the
  // page may take a while to show, which must not count as idle time.
  const lastInputAt = Date.now()
  await page.waitForURL((url) => url.pathname === path)
  return lastInputAt
}

/** @param {import('playwright-core').Page} page */
function warning(page, name = 'Still there?') {
  return page.getByRole('alertdialog', { name })
}

test('nobody uses the app for the idle time: every tab leaves for /login?redirect, says why, and the refresh token is revoked', async () => {
  const { context, page: first, problems } = await openPage(browser, { locale: 'zh-CN', storage: IDLE_OVERRIDE, mockSettings: { latencyMs: 40 } })
  const apiCalls = recordApiCalls(context)
  try {
    const loggedInAt = await signIn(first, '/orders', '登录')
    const { page: second, problems: secondProblems } = await openTab(context)
    await second.goto('/session')
    await second.getByText('无操作自动退出倒计时').waitFor()
    const refresh = await first.evaluate(() => JSON.parse(localStorage.getItem('vue-jwt-drf.session.v1') ?? '{}').refresh)

    const dialog = warning(first, '还在使用吗?')
    await dialog.waitFor({ timeout: WARNING_WAIT_MS })
    const warnedAfter = Date.now() - loggedInAt
    assert.ok(warnedAfter >= IDLE_MS / 2 - 1000, `the warning came after ${warnedAfter} ms, before half the idle time`)
    await warning(second, '还在使用吗?').waitFor()
    await dialog.getByRole('button', { name: '保持登录' }).waitFor()
    console.log(`idle: warning after ${warnedAfter} ms`)
    await screenshot(first, 'idle-warning-zh-CN')

    const message = '由于 15 秒内无操作,已自动退出登录'
    for (const [page, from] of [[first, '/orders'], [second, '/session']]) {
      await page.getByRole('status').filter({ hasText: message }).waitFor({ timeout: LAPSE_WAIT_MS })
      const url = new URL(page.url())
      assert.equal(url.pathname, '/login')
      assert.equal(url.searchParams.get('redirect'), from)
    }
    const lapsedAfter = Date.now() - loggedInAt
    console.log(`idle: signed out in both tabs after ${lapsedAfter} ms`)
    assert.ok(lapsedAfter >= IDLE_MS - 500, `signed out after ${lapsedAfter} ms, before the idle time`)
    await screenshot(first, 'login-after-idle-zh-CN')

    assert.equal(await first.evaluate(() => localStorage.getItem('vue-jwt-drf.session.v1')), null)
    const blacklist = (await apiCalls.answered(first, '/token/blacklist/')).filter((call) => call.path.endsWith('/token/blacklist/'))
    assert.ok(blacklist.some((call) => call.status === 200), `no successful blacklist call: ${JSON.stringify(blacklist)}`)
    // The server refuses the refresh token now.
    const status = await first.evaluate(async (token) => (await fetch('/api/token/refresh/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh: token }) })).status, refresh)
    assert.equal(status, 401)
    assertNoProblems(problems)
    assertNoProblems(secondProblems)
  } finally {
    await context.close()
  }
})

test('activity in tab B keeps tab A alive and closes the warning in every tab', async () => {
  const { context, page: first, problems } = await openPage(browser, { storage: IDLE_OVERRIDE, mockSettings: { latencyMs: 40 } })
  const apiCalls = recordApiCalls(context)
  try {
    await signIn(first, '/orders')
    const { page: second } = await openTab(context)
    await second.goto('/orders')
    await second.getByRole('button', { name: 'New order' }).waitFor()

    await warning(first).waitFor({ timeout: WARNING_WAIT_MS })
    await warning(second).waitFor()
    await second.mouse.move(200, 300) // the user, in tab B only
    await warning(first).waitFor({ state: 'hidden', timeout: 5000 })
    await warning(second).waitFor({ state: 'hidden' })

    // Keep using tab B for more than a whole idle time; tab A is never touched (its own last input was the login).
    const until = Date.now() + IDLE_MS + 2000
    for (let step = 0; Date.now() < until; step += 1) {
      await second.mouse.move(100 + (step % 5) * 40, 200)
      await second.mouse.wheel(0, step % 2 ? 40 : -40)
      await second.waitForTimeout(2000) // the user's pace: the thing measured is time passing
    }
    assert.equal(new URL(first.url()).pathname, '/orders')
    assert.equal(await warning(first).isVisible(), false)
    await first.getByRole('link', { name: /SO-000025/ }).dispatchEvent('click') // dispatched: no real input in tab A
    await first.getByRole('button', { name: 'Edit' }).waitFor()
    assert.equal((await apiCalls(first)).filter((call) => call.path.endsWith('/token/blacklist/')).length, 0)
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
})

test('"Stay signed in" keeps the session past the deadline; "Log out" in the warning logs out', async () => {
  const { context, page, problems } = await openPage(browser, { storage: IDLE_OVERRIDE, mockSettings: { latencyMs: 40 } })
  const apiCalls = recordApiCalls(context)
  try {
    await signIn(page, '/session')
    const dialog = warning(page)
    await dialog.waitFor({ timeout: WARNING_WAIT_MS })
    const countdown = await dialog.locator('.idle-warning__countdown').textContent()
    assert.match(countdown ?? '', /^00:0[0-8]$/)
    await screenshot(page, 'idle-warning-en')
    const deadline = Date.now() + Number(countdown?.slice(3)) * 1000 + 1000
    await dialog.getByRole('button', { name: 'Stay signed in' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await page.waitForTimeout(Math.max(0, deadline - Date.now()) + 1000) // past the deadline the warning announced
    assert.equal(new URL(page.url()).pathname, '/session')
    const left = await page.locator('.van-cell', { hasText: 'Idle sign-out in' }).locator('.van-cell__value').textContent()
    assert.match(left ?? '', /^00:(0\d|1[0-5])$/)

    await dialog.waitFor({ timeout: WARNING_WAIT_MS })
    await dialog.getByRole('button', { name: 'Log out' }).click()
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    assert.equal(new URL(page.url()).search, '') // a logout, not a lapse: no redirect target, no message
    assert.equal(await page.getByRole('status').count(), 0)
    const blacklist = (await apiCalls.answered(page, '/token/blacklist/')).filter((call) => call.path.endsWith('/token/blacklist/'))
    assert.deepEqual(blacklist.map((call) => call.status), [200])
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
})
