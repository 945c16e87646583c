// Sessions the server knows, in real browsers: two browser contexts are two devices of one user. One signs the
// other out from "Your devices"; a refresh token stolen and replayed after the grace window ends the owner's
// session; a reload while a refresh is on the wire keeps the session (the window heals the lost answer).
// On the mock (demo build) and on the Django server (3-second tokens, rotation, REFRESH_GRACE_SECONDS from run.mjs).
//
// On the mock each device runs its own copy of the "server" in its own localStorage: `shareServer` hands one
// device's database to the other at the moments the real server would have shared it (lib/devices.mjs).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { E2E_BACKEND, assertNoProblems, launchBrowser, login, openDevice, screenshot, shareServer, toastShownAndGone } from './lib/index.mjs'

const SESSION_KEY = 'vue-jwt-drf.session.v1'
const SESSION_EXPIRED = 'Session expired, please log in again'
/** The grace window of the server under test: the Django phase's (run.mjs), or the one these tests give the mock. */
const GRACE_SECONDS = Number(process.env.E2E_GRACE_SECONDS ?? 3)
const SHORT_TOKENS = { accessSeconds: 3, rotate: true, graceSeconds: GRACE_SECONDS, latencyMs: 40 }

/** @type {import('playwright-core').Browser} */
let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/**
 * Django only: ends every session demo has on the shared server (earlier tests' logins), so the list holds only this
 * test's devices. On the mock each test's browser starts from the seed.
 */
async function startWithNoDemoSessions() {
  if (E2E_BACKEND !== 'django') return
  const api = (/** @type {string} */ path) => new URL(`/api${path}`, process.env.E2E_BASE_URL)
  const login = await fetch(api('/token/'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'demo', password: 'demo123' }),
  })
  const { access } = await login.json()
  const ended = await fetch(api('/me/logout-all/'), { method: 'POST', headers: { Authorization: `JWT ${access}` } })
  assert.equal(ended.status, 204)
}

/** @param {import('playwright-core').Page} page */
async function signIn(page, password = 'demo123') {
  await login(page, 'demo', password)
  await page.getByRole('button', { name: 'New order' }).waitFor()
}

/** The rows of "Your devices" (waits for the list to show `count`). */
async function deviceRows(/** @type {import('playwright-core').Page} */ page, /** @type {number} */ count) {
  const rows = page.locator('.device-list__item')
  await page.waitForFunction((expected) => document.querySelectorAll('.device-list__item').length === expected, count)
  return rows
}

/** The stored session's refresh token. */
function storedRefresh(/** @type {import('playwright-core').Page} */ page) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null')?.refresh ?? null, SESSION_KEY)
}

test('two devices: A sees both and signs B out; B’s next action lands on the login page with one toast and the way back', async () => {
  await startWithNoDemoSessions()
  const a = await openDevice(browser)
  const b = await openDevice(browser)
  try {
    await shareServer(a.page, b.page)
    await signIn(b.page)
    await shareServer(b.page, a.page)
    await signIn(a.page)
    await a.page.getByRole('tab', { name: 'Session' }).click()
    const rows = await deviceRows(a.page, 2)
    assert.deepEqual(await rows.locator('.device-list__name').allTextContents(), ['Chrome on Linux', 'Chrome on Linux'])
    await rows.first().getByText('This device').waitFor()
    assert.equal(await a.page.getByRole('button', { name: 'Sign out' }).count(), 1, 'no Sign out for this device')
    await screenshot(a.page, 'devices-en')

    await a.page.getByRole('button', { name: 'Sign out' }).click()
    await a.page.getByText('Sign out this device?').waitFor()
    await screenshot(a.page, 'devices-sign-out-confirm-en')
    await a.page.getByRole('button', { name: 'Confirm' }).click()
    await a.page.getByText('Chrome on Linux is signed out').waitFor()
    await deviceRows(a.page, 1)
    assert.equal(await a.page.getByRole('button', { name: 'Sign out' }).count(), 0)
    await shareServer(a.page, b.page)

    // B finds out at its next action: one toast, the login page, the way back to where it was going.
    await b.page.getByRole('link', { name: /SO-000025/ }).click()
    await b.page.waitForURL((url) => url.pathname === '/login', { timeout: 15_000 })
    assert.equal(new URL(b.page.url()).searchParams.get('redirect'), '/orders/25')
    await toastShownAndGone(b.page, SESSION_EXPIRED)
    assert.deepEqual(await b.toasts(), [SESSION_EXPIRED])
    await screenshot(b.page, 'devices-signed-out-device-en')
    // A goes on.
    await a.page.getByRole('tab', { name: 'Orders' }).click()
    await a.page.getByRole('button', { name: 'New order' }).waitFor()
    assertNoProblems(a.problems)
    assertNoProblems(b.problems)
  } finally {
    await a.context.close()
    await b.context.close()
  }
})

test('“Your devices” in Chinese: labels, times and the absolute end in the reader’s language', async () => {
  await startWithNoDemoSessions()
  const device = await openDevice(browser, { locale: 'zh-CN' })
  try {
    await device.page.getByLabel('用户名').fill('demo')
    await device.page.getByLabel('密码').fill('demo123')
    await device.page.getByRole('button', { name: '登录' }).click()
    await device.page.getByRole('button', { name: '新建订单' }).waitFor()
    // A second sign-in from this browser: forget the tokens (not a logout), log in again.
    await device.page.evaluate((key) => localStorage.removeItem(key), SESSION_KEY)
    await device.page.goto('/login')
    await device.page.getByLabel('用户名').fill('demo')
    await device.page.getByLabel('密码').fill('demo123')
    await device.page.getByRole('button', { name: '登录' }).click()
    await device.page.getByRole('button', { name: '新建订单' }).waitFor()
    await device.page.getByRole('tab', { name: '会话' }).click()
    const rows = await deviceRows(device.page, 2)
    assert.deepEqual(await rows.locator('.device-list__name').allTextContents(), ['Linux 上的 Chrome', 'Linux 上的 Chrome'])
    await rows.first().getByText('本设备').waitFor()
    await device.page.getByText('登录时确定,刷新不会推迟').waitFor()
    assert.match(await rows.first().locator('.device-list__time').first().innerText(), /^登录于 \d{4}年\d{1,2}月\d{1,2}日/)
    await screenshot(device.page, 'devices-zh-CN')
    assertNoProblems(device.problems)
  } finally {
    await device.context.close()
  }
})

test('a stolen refresh token replayed after the grace window ends the owner’s session at its next request', async () => {
  const owner = await openDevice(browser, { mockSettings: SHORT_TOKENS })
  try {
    await owner.page.goto('/login?redirect=/session')
    await login(owner.page, 'demo', 'demo123')
    await owner.page.getByRole('button', { name: 'Refresh now' }).waitFor()
    const stolen = await storedRefresh(owner.page)
    assert.ok(stolen)
    // The app rotates it (3-second tokens); the copy is spent from then on.
    await owner.page.waitForFunction(([key, token]) => JSON.parse(localStorage.getItem(key) ?? 'null')?.refresh !== token, [SESSION_KEY, stolen], {
      timeout: 10_000,
    })
    // Past the window: the thief's copy can no longer pass for a lost answer.
    await new Promise((resolve) => setTimeout(resolve, GRACE_SECONDS * 1000 + 500))
    const replayed =
      E2E_BACKEND === 'django'
        ? // From outside the browser, straight to the API.
          await fetch(new URL('/api/token/refresh/', process.env.E2E_BASE_URL), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ refresh: stolen }),
          }).then(async (response) => ({ status: response.status, body: await response.json() }))
        : // The mock's server lives in the owner's browser (its service worker answers only the app's pages): the
          // thief's request is a raw fetch from the page, not one of the app's.
          await owner.page.evaluate(async (token) => {
            const response = await fetch('/api/token/refresh/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh: token }) })
            return { status: response.status, body: await response.json() }
          }, stolen)
    assert.deepEqual(replayed, { status: 401, body: { detail: 'Token is blacklisted', code: 'token_not_valid' } })
    // The owner's next request (or its next refresh) finds the session ended: one toast, the login page.
    await owner.page.getByRole('tab', { name: 'Orders' }).click()
    await owner.page.waitForURL((url) => url.pathname === '/login', { timeout: 15_000 })
    await toastShownAndGone(owner.page, SESSION_EXPIRED)
    assert.deepEqual(await owner.toasts(), [SESSION_EXPIRED])
    assert.equal(await owner.page.evaluate((key) => localStorage.getItem(key), SESSION_KEY), null)
    assertNoProblems(owner.problems)
  } finally {
    await owner.context.close()
  }
})

test('a reload while a refresh is on the wire keeps the session: the window gives the lost answer again', async () => {
  // On the mock the network's delay comes after the server's answer is decided; on Django the browser holds the answer.
  const device = await openDevice(browser, { mockSettings: { ...SHORT_TOKENS, accessSeconds: 300, latencyMs: 1500 } })
  /** @type {() => void} */
  let releaseAnswer = () => undefined
  try {
    await device.page.goto('/login?redirect=/session')
    await login(device.page, 'demo', 'demo123')
    const refreshNow = device.page.getByRole('button', { name: 'Refresh now' })
    await refreshNow.waitFor()
    const spent = await storedRefresh(device.page)
    const heldByTheBrowser =
      E2E_BACKEND === 'django'
        ? new Promise((resolve) => {
            void device.page.route(
              '**/api/token/refresh/',
              async (route) => {
                const response = await route.fetch()
                resolve(undefined)
                await new Promise((release) => (releaseAnswer = () => release(undefined)))
                await route.fulfill({ response }).catch(() => undefined)
              },
              { times: 1 },
            )
          })
        : null
    await refreshNow.click()
    // The server has rotated (the refresh token is spent) and the answer has not arrived: reload exactly then.
    await (heldByTheBrowser ?? device.apiCalls.answered(device.page, '/token/refresh/'))
    /** The refresh tokens the reloaded page presents, in order (Django: from the network). */
    const presented = /** @type {string[]} */ ([])
    device.page.on('request', (request) => {
      if (request.url().endsWith('/api/token/refresh/')) presented.push(request.postDataJSON()?.refresh)
    })
    await device.page.reload()
    await device.page.getByRole('button', { name: 'Log out', exact: true }).waitFor()
    // Django's access tokens live 3 s: the reloaded page may already have renewed on its own (a slow machine).
    const afterReload = await storedRefresh(device.page)
    if (E2E_BACKEND === 'mock') assert.equal(afterReload, spent, 'the new page starts from the spent refresh token')
    if (afterReload === spent) {
      // Its refresh presents the spent token within the window: the same successor, and the session goes on.
      await device.page.getByRole('button', { name: 'Refresh now' }).click()
      await device.page.getByText('Access token refreshed').waitFor()
    }
    if (E2E_BACKEND === 'django') assert.equal(presented[0], spent, 'the new page’s first refresh presents the spent refresh token')
    assert.notEqual(await storedRefresh(device.page), spent)
    await device.page.getByRole('tab', { name: 'Orders' }).click()
    await device.page.getByRole('button', { name: 'New order' }).waitFor()
    const refreshes = (await device.apiCalls(device.page)).filter((call) => call.path.endsWith('/token/refresh/')).map((call) => call.status)
    assert.deepEqual([...new Set(refreshes)], [200])
    assert.ok(!(await device.toasts()).includes(SESSION_EXPIRED))
    assertNoProblems(device.problems)
  } finally {
    releaseAnswer()
    await device.context.close()
  }
})
