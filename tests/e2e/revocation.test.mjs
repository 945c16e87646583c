// Revocation in real browsers: two browser contexts are two devices of one user (admin, whom no other browser
// test uses). A password change on one locks the other out at its next request; "log out everywhere" ends them
// all; the form's error paths. On the mock (demo build) and on the Django server (3-second tokens, rotation on).
//
// On the Django server the two devices share the server and its database, and admin's password stays changed
// for the rest of the phase: this file keeps track of it. On the mock each device runs its own copy of the
// "server" in its own localStorage; `shareServer` hands one device's database to the other at the moments the
// real server would have shared it, and each test starts from the seed there.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { E2E_BACKEND, assertNoProblems, launchBrowser, login, openDevice, openTab, screenshot, shareServer, toastShownAndGone } from './lib/index.mjs'

const SEED_PASSWORD = 'admin123'
const SESSION_EXPIRED = 'Session expired, please log in again'
/** admin's password on the Django server now (the mock starts from the seed in every test). */
let djangoPassword = SEED_PASSWORD

/** @type {import('playwright-core').Browser} */
let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/** admin's password at the start of a test. */
function currentPassword() {
  return E2E_BACKEND === 'django' ? djangoPassword : SEED_PASSWORD
}

/** Remembers a successful change (Django only: the mock's next test starts from the seed again). */
function passwordChangedTo(/** @type {string} */ password) {
  if (E2E_BACKEND === 'django') djangoPassword = password
}

/** A new password per change, accepted by Django's validators. */
let changes = 0
function nextPassword() {
  changes += 1
  return `kettle-violet-${changes}-${Date.now() % 100_000}`
}

/** Two devices whose servers are one (on the mock: the second takes over the first's database before anyone logs in). */
async function openTwoDevices() {
  const first = await openDevice(browser)
  const second = await openDevice(browser)
  await shareServer(first.page, second.page)
  return [first, second]
}

/** @param {import('playwright-core').Page} page */
async function signInAsAdmin(page, password = currentPassword()) {
  await login(page, 'admin', password)
  await page.getByRole('button', { name: 'New order' }).waitFor()
}

/** @param {import('playwright-core').Page} page */
async function fillPasswordForm(page, current, next, repeat = next) {
  await page.getByLabel('Current password', { exact: true }).fill(current)
  await page.getByLabel('New password', { exact: true }).fill(next)
  await page.getByLabel('Repeat new password', { exact: true }).fill(repeat)
}

/** The message Vant shows under a field (the field labelled `label`). */
function errorUnder(page, label) {
  return page.locator('.van-field').filter({ has: page.getByText(label, { exact: true }) }).locator('.van-field__error-message')
}

/** @param {import('playwright-core').Page} page */
async function openPasswordPage(page) {
  await page.getByRole('tab', { name: 'Session' }).click()
  await page.getByRole('button', { name: 'Change password' }).click()
  await page.waitForURL('**/session/password')
  await page.getByLabel('Current password', { exact: true }).waitFor()
}

test('a password change on device A: A’s tabs go on; B is locked out at its next request, once; the old password is refused', async () => {
  const [a, b] = await openTwoDevices()
  try {
    const oldPassword = currentPassword()
    await signInAsAdmin(b.page, oldPassword)
    await signInAsAdmin(a.page, oldPassword)
    const { page: a2, problems: a2Problems } = await openTab(a.context)
    await a2.goto('/orders')
    await a2.getByRole('button', { name: 'New order' }).waitFor()

    await openPasswordPage(a.page)
    await screenshot(a.page, 'password-change-en')
    const newPassword = nextPassword()
    await fillPasswordForm(a.page, oldPassword, newPassword)
    const since = await b.page.evaluate(() => Date.now())
    await a.page.getByRole('button', { name: 'Change password' }).click()
    await a.page.waitForURL('**/session')
    passwordChangedTo(newPassword)
    await a.page.getByText('Password changed; other devices are logged out').waitFor()
    await screenshot(a.page, 'password-changed-en')

    // Every tab of A shares the new pair and goes on working.
    await a2.getByRole('link', { name: /SO-000026/ }).click()
    await a2.waitForURL('**/orders/26')
    await a2.getByText('SO-000026').waitFor()
    assert.equal(new URL(a2.url()).pathname, '/orders/26')

    // B's next request (an order it opens, or its own refresh on the 3-second server) is refused, and so is
    // its refresh: one message, the login page with the way back.
    await shareServer(a.page, b.page)
    await b.page.getByRole('link', { name: /SO-000027/ }).click({ timeout: 3000 }).catch(() => {
      // already gone: B's own refresh was its next request
    })
    await b.page.getByRole('button', { name: 'Log in' }).waitFor()
    const redirect = new URL(b.page.url()).searchParams.get('redirect')
    assert.match(redirect ?? '', /^\/orders/, `login page without the way back: ${b.page.url()}`)
    await toastShownAndGone(b.page, SESSION_EXPIRED)
    assert.deepEqual(await b.toasts(), [SESSION_EXPIRED], 'toasts on B')
    // One refresh refused, and nothing after it: no loop. (Before the change B may have refreshed on the 3-second server.)
    const after = (await b.apiCalls(b.page)).filter((call) => call.at >= since)
    const refused = after.filter((call) => call.path.endsWith('/token/refresh/') && call.status === 401)
    assert.equal(refused.length, 1, JSON.stringify(after))
    assert.equal(after.at(-1), refused[0], `calls after the refused refresh: ${JSON.stringify(after)}`)
    await screenshot(b.page, 'password-changed-other-device-login')

    // The old password no longer logs in; the new one does, back to where B was.
    await login(b.page, 'admin', oldPassword)
    await b.page.getByRole('alert').filter({ hasText: 'Incorrect username or password' }).waitFor()
    await login(b.page, 'admin', newPassword)
    await b.page.waitForURL((url) => url.pathname === redirect?.split('?')[0])
    assertNoProblems(a.problems)
    assertNoProblems(a2Problems)
    assertNoProblems(b.problems)
  } finally {
    await a.context.close()
    await b.context.close()
  }
})

test('log out everywhere on device B (after a Cancel) ends B’s tabs and A’s session too', async () => {
  const [a, b] = await openTwoDevices()
  try {
    await signInAsAdmin(a.page)
    await signInAsAdmin(b.page)
    const { page: b2, problems: b2Problems } = await openTab(b.context)
    await b2.goto('/orders/28')
    await b2.getByText('SO-000028').waitFor()
    await b.page.getByRole('tab', { name: 'Session' }).click()
    const logOutEverywhere = b.page.getByRole('button', { name: 'Log out everywhere' })
    await logOutEverywhere.click()
    const dialog = b.page.getByRole('dialog').filter({ hasText: 'Log out everywhere?' })
    await dialog.waitFor()
    await screenshot(b.page, 'logout-everywhere-confirm-en')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    assert.equal(new URL(b.page.url()).pathname, '/session')

    const since = await b.page.evaluate(() => Date.now())
    await logOutEverywhere.click()
    await dialog.getByRole('button', { name: 'Confirm' }).click()
    await b.page.waitForURL((url) => url.pathname === '/login')
    assert.equal(new URL(b.page.url()).search, '')
    // B's other tab leaves its protected page too.
    await b2.getByRole('button', { name: 'Log in' }).waitFor()
    assert.equal(new URL(b2.url()).searchParams.get('redirect'), '/orders/28')
    const calls = (await b.apiCalls(b.page)).filter((call) => call.at >= since)
    assert.deepEqual(
      calls.filter((call) => call.path.endsWith('/logout-all/') || call.path.endsWith('/token/blacklist/')).map((call) => `${call.path} ${call.status}`),
      ['/api/me/logout-all/ 204'],
    )

    // A's next request is refused: one message, the login page.
    await shareServer(b.page, a.page)
    await a.page.getByRole('link', { name: /SO-000026/ }).click({ timeout: 3000 }).catch(() => {
      // already gone: A's own refresh was its next request
    })
    await a.page.getByRole('button', { name: 'Log in' }).waitFor()
    assert.match(new URL(a.page.url()).searchParams.get('redirect') ?? '', /^\/orders/)
    await toastShownAndGone(a.page, SESSION_EXPIRED)
    assert.deepEqual(await a.toasts(), [SESSION_EXPIRED])
    // The password is unchanged: logging in again works, back to where A was.
    await login(a.page, 'admin', currentPassword())
    await a.page.waitForURL((url) => url.pathname.startsWith('/orders'))
    await a.page.getByText(/SO-0000(26|27|28)/).first().waitFor()
    assertNoProblems(a.problems)
    assertNoProblems(b.problems)
    assertNoProblems(b2Problems)
  } finally {
    await a.context.close()
    await b.context.close()
  }
})

test('the form’s error paths: client checks, a wrong current password, Django’s validators, a network failure that keeps what was typed', async () => {
  // The dropped request is the point of the test (Chromium reports it as a failed request).
  const device = await openDevice(browser, { allow: [/\/api\/me\/password\/ net::ERR_FAILED/] })
  const { page, problems } = device
  try {
    const password = currentPassword()
    await signInAsAdmin(page, password)
    await openPasswordPage(page)

    await page.getByRole('button', { name: 'Change password' }).click()
    await errorUnder(page, 'Current password').filter({ hasText: 'Please enter your current password' }).waitFor()
    await fillPasswordForm(page, password, 'short7!', 'short7?')
    await page.getByRole('button', { name: 'Change password' }).click()
    await errorUnder(page, 'New password').filter({ hasText: 'At least 8 characters' }).waitFor()
    await errorUnder(page, 'Repeat new password').filter({ hasText: 'The two new passwords do not match' }).waitFor()

    await fillPasswordForm(page, 'not-my-password', 'kettle-violet-42')
    await page.getByRole('button', { name: 'Change password' }).click()
    await errorUnder(page, 'Current password').filter({ hasText: 'Your old password was entered incorrectly. Please enter it again.' }).waitFor()

    for (const [newPassword, message] of [
      ['nimda123', 'The password is too similar to the username.'],
      ['password', 'This password is too common.'],
      ['3141592653', 'This password is entirely numeric.'],
    ]) {
      await fillPasswordForm(page, password, newPassword)
      await page.getByRole('button', { name: 'Change password' }).click()
      await errorUnder(page, 'New password').filter({ hasText: message }).waitFor()
      assert.equal(await errorUnder(page, 'Current password').count(), 0)
    }
    await screenshot(page, 'password-change-errors-en')

    // The connection drops while the change is sent: the form keeps everything and says so.
    const newPassword = nextPassword()
    await fillPasswordForm(page, password, newPassword)
    if (E2E_BACKEND === 'mock') {
      await page.evaluate(() => /** @type {any} */ (window).mockBackend.failNext({ kind: 'network', pathContains: '/me/password/' }))
    } else {
      await page.route('**/api/me/password/', (route) => route.abort('failed'), { times: 1 })
    }
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByRole('alert').filter({ hasText: 'Network error: check your connection and try again' }).waitFor()
    for (const [label, value] of [['Current password', password], ['New password', newPassword], ['Repeat new password', newPassword]]) {
      assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), value)
    }
    assert.equal(new URL(page.url()).pathname, '/session/password')
    await screenshot(page, 'password-change-network-en')

    // Trying again works.
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.waitForURL('**/session')
    passwordChangedTo(newPassword)
    await page.getByText('Password changed; other devices are logged out').waitFor()
    assertNoProblems(problems)
  } finally {
    await device.context.close()
  }
})

test('the page in Chinese: labels, Django’s messages in Chinese', async () => {
  const device = await openDevice(browser, { locale: 'zh-CN' })
  const { page, problems } = device
  try {
    await page.getByRole('button', { name: '登录' }).waitFor()
    await page.getByLabel('用户名').fill('admin')
    await page.getByLabel('密码').fill(currentPassword())
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('button', { name: '新建订单' }).waitFor()
    await page.getByRole('tab', { name: '会话' }).click()
    await page.getByRole('button', { name: '退出所有设备' }).waitFor()
    await screenshot(page, 'session-zh')
    await page.getByRole('button', { name: '修改密码' }).click()
    await page.waitForURL('**/session/password')
    await page.getByLabel('当前密码', { exact: true }).fill('not-my-password')
    await page.getByLabel('新密码', { exact: true }).fill('password')
    await page.getByLabel('确认新密码', { exact: true }).fill('password')
    await page.getByRole('button', { name: '修改密码' }).click()
    await page.getByText('你的旧密码不正确。请重新输入。').waitFor()
    await page.getByText('这个密码太常见了。').waitFor()
    assert.equal(await page.title(), '修改密码 · 订单')
    await screenshot(page, 'password-change-zh')
    assertNoProblems(problems)
  } finally {
    await device.context.close()
  }
})
