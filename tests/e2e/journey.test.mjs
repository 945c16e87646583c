// The reviewer's walk through the demo build: log in, page through all orders, create (after a validation
// error), edit, delete, look at the session, log out; a deep link through login; both languages.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertNoProblems, launchBrowser, login, openPage, screenshot } from './lib/index.mjs'

/** @type {import('playwright-core').Browser} */
let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/** Waits for document.title to start with `prefix` (titles follow navigation and language). */
async function expectTitle(page, prefix) {
  await page.waitForFunction((text) => document.title.startsWith(text), prefix, { timeout: 5000 }).catch(() => undefined)
  assert.ok((await page.title()).startsWith(prefix), `title "${await page.title()}" should start with "${prefix}"`)
}

/** Scrolls the order list until `count` rows are on the page (the list loads page by page). */
async function scrollUntilRows(page, count) {
  const rows = page.getByRole('link', { name: /SO-\d{6}/ })
  for (let attempt = 0; attempt < 20 && (await rows.count()) < count; attempt += 1) {
    const before = await rows.count()
    await page.mouse.wheel(0, 4000)
    await page.waitForFunction((n) => document.querySelectorAll('a.order-row').length > n, before, { timeout: 5000 }).catch(() => undefined)
  }
  return rows
}

test('demo user: list, open, create after a validation error, edit, delete, session, log out', async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await page.goto('/login')
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    await expectTitle(page, 'Log in')
    await screenshot(page, 'login')

    // Required fields are checked before any request.
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByText('Please enter your username').waitFor()
    await login(page, 'demo', 'wrong-password')
    await page.getByRole('alert').filter({ hasText: 'Incorrect username or password' }).waitFor()
    await screenshot(page, 'login-wrong-password')

    await login(page, 'demo', 'demo123')
    await page.waitForURL('**/orders')
    await page.getByText('Total: 25').waitFor()
    const rows = await scrollUntilRows(page, 25)
    assert.equal(await rows.count(), 25)
    assert.match((await rows.first().textContent()) ?? '', /SO-000025/)
    assert.match((await rows.last().textContent()) ?? '', /SO-000001/)
    await page.getByText('All orders are shown').waitFor()
    await page.evaluate(() => window.scrollTo(0, 0))
    await screenshot(page, 'orders')

    await page.getByRole('link', { name: /SO-000012/ }).click()
    await page.waitForURL('**/orders/12')
    await page.getByText('Gadget 12').waitFor()
    await screenshot(page, 'order-detail')
    await page.getByRole('button', { name: 'Back' }).click()
    await page.waitForURL('**/orders')

    // Create: first with mistakes, then fixed.
    await page.getByRole('button', { name: 'New order' }).click()
    await page.waitForURL('**/orders/new')
    await page.getByLabel('Price').fill('1.234')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Please enter the item').waitFor()
    await page.getByText('At most 2 decimal places').waitFor()
    await screenshot(page, 'order-create-errors')
    const item = 'E2E lamp <img src=x onerror=alert(1)>'
    await page.getByLabel('Item').fill(item)
    await page.getByLabel('Price').fill('12.5')
    await page.getByRole('button', { name: 'Plus one' }).click()
    assert.equal(await page.getByLabel('Quantity').inputValue(), '2')
    await page.getByRole('radio', { name: 'Paid' }).click()
    await page.getByLabel('Note').fill('Leave at the door')
    await screenshot(page, 'order-create')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(/\/orders\/\d+$/)
    await page.getByText(item, { exact: true }).waitFor()
    assert.equal(await page.locator('img[src="x"]').count(), 0)
    const createdUrl = page.url()

    await page.getByRole('button', { name: 'Edit' }).click()
    await page.waitForURL(/\/orders\/\d+\/edit$/)
    assert.equal(await page.getByLabel('Item').inputValue(), item)
    await page.getByLabel('Item').fill('E2E lamp XL')
    await screenshot(page, 'order-edit')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL(createdUrl)
    await page.getByText('E2E lamp XL', { exact: true }).waitFor()
    await page.getByText('Shipped').or(page.getByText('Paid')).first().waitFor()

    await page.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('dialog').filter({ hasText: 'Delete this order?' }).waitFor()
    await screenshot(page, 'order-delete-confirm')
    await page.getByRole('button', { name: 'Confirm' }).click()
    await page.waitForURL('**/orders')
    await page.getByText('Total: 25').waitFor()
    assert.equal(await page.getByText('E2E lamp XL').count(), 0)

    await page.getByRole('tab', { name: 'Session' }).click()
    await page.waitForURL('**/session')
    await page.getByRole('region', { name: 'Access token' }).waitFor()
    await page.getByText('token_type').first().waitFor()
    await page.getByRole('button', { name: 'Refresh now' }).click()
    await page.getByText('Access token refreshed').waitFor()
    await screenshot(page, 'session')
    await page.getByRole('button', { name: 'Log out', exact: true }).click()
    await page.waitForURL('**/login')
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
})

test('a deep link to /orders/7 while logged out goes through login and lands on order 7', async () => {
  // An unknown path is answered with the not-found page and status 404, on purpose.
  const notFound = [/^404 .*\/no\/such\/page$/, /status of 404 .*\/no\/such\/page\)$/]
  const { context, page, problems } = await openPage(browser, { allow: notFound })
  try {
    await page.goto('/orders/7')
    await page.waitForURL(/\/login\?redirect=/)
    await login(page, 'demo', 'demo123')
    await page.waitForURL('**/orders/7')
    await page.getByText('SO-000007').waitFor()
    await expectTitle(page, 'Order details')

    await page.goto('/orders/26')
    await page.getByText('Order not found').waitFor()
    await screenshot(page, 'order-not-found')
    await page.goto('/no/such/page')
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    await screenshot(page, 'not-found')
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
})

test('switching the language changes the texts, <html lang> and is remembered', async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await page.goto('/login')
    await page.getByRole('button', { name: '中文' }).click()
    await page.getByRole('button', { name: '登录' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
    await expectTitle(page, '登录')
    await page.reload()
    await page.getByRole('button', { name: '登录' }).waitFor()
    await page.getByLabel('用户名').fill('demo')
    await page.getByLabel('密码').fill('nope')
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByText('用户名或密码错误').waitFor()
    await screenshot(page, 'login-zh')
    await page.getByLabel('密码').fill('demo123')
    await page.getByRole('button', { name: '登录' }).click()
    await page.waitForURL('**/orders')
    await page.getByText('共 25 条').waitFor()
    await page.getByText('待付款').first().waitFor()
    await screenshot(page, 'orders-zh')
    await page.getByRole('tab', { name: '会话' }).click()
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('button', { name: 'Refresh now' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'en')
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
})

test('a Chinese browser starts in Chinese', async () => {
  const { context, page, problems } = await openPage(browser, { locale: 'zh-CN' })
  try {
    await page.goto('/login')
    await page.getByRole('button', { name: '登录' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
})
