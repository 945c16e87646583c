// The demo build under the production CSP: /login renders with the mock backend and nothing is refused.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertNoProblems, launchBrowser, openPage, screenshot, waitForApp } from './lib/index.mjs'

/** @type {import('playwright-core').Browser} */
let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

test('/login of the demo build renders under the CSP with zero violations or errors', async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    const response = await page.goto('/login')
    assert.equal(response?.status(), 200)
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self';/)
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    await waitForApp(page) // the page is pre-rendered: the app (and the mock worker) start after its first paint
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL)
    assert.match(worker ?? 'no service worker', /\/mockServiceWorker\.js$/)
    assert.equal(await page.locator('script:not([src])').count(), 0, 'the page has an inline script')
    await screenshot(page, 'smoke-login')
    assertNoProblems(problems)
  } finally {
    if (problems.length) console.error('problems seen:', problems)
    await context.close()
  }
})

test('the harness reports a CSP violation (an injected inline script)', async () => {
  const { context, page, problems } = await openPage(browser)
  try {
    await page.goto('/login')
    await page.getByRole('button', { name: 'Log in' }).waitFor()
    const reported = page.waitForEvent('console', (message) => message.text().includes('script-src'))
    await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.injected = true'
      document.head.append(script)
    })
    await reported
    assert.equal(await page.evaluate(() => 'injected' in window), false, 'the inline script ran despite the CSP')
    assert.ok(problems.some((problem) => problem.kind === 'csp'), `no CSP problem recorded: ${JSON.stringify(problems)}`)
    assert.throws(() => assertNoProblems(problems))
  } finally {
    if (problems.length) console.error('problems seen:', problems)
    await context.close()
  }
})
