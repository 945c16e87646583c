// The dev server (`vite`, mock backend on by default): /login renders on the first load with the mock worker.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertNoProblems, launchBrowser, openPage, screenshot, startVite } from './lib/index.mjs'

/** @type {import('playwright-core').Browser} */
let browser
/** @type {import('./lib/server.mjs').ViteServer} */
let server
before(async () => {
  // Empty values = the dev defaults: no real backend proxied, so the mock is on.
  const env = { API_PROXY_TARGET: '', VITE_API_MOCK: '' }
  // --force: optimize dependencies from scratch, like the first `npm run dev` after `npm install`.
  const dev = startVite({ mode: 'dev', env, args: ['--force'], timeoutMs: 90_000 })
  ;[server, browser] = await Promise.all([dev, launchBrowser()])
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

test('dev server: /login renders with the mock worker, no reload, no console errors', { timeout: 120_000 }, async () => {
  const { context, page, problems } = await openPage(browser, { baseURL: server.url })
  try {
    let loads = 0
    page.on('load', () => loads++)
    await page.goto('/login', { timeout: 90_000 })
    await page.getByRole('button', { name: 'Log in' }).waitFor({ timeout: 90_000 })
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL)
    assert.match(worker ?? 'no service worker', /\/mockServiceWorker\.js$/)
    assert.equal(loads, 1, 'the page reloaded (Vite re-optimized dependencies: add them to optimizeDeps.include)')
    assert.doesNotMatch(server.output(), /optimized dependencies changed|new dependencies optimized/i)
    await screenshot(page, 'smoke-dev-login')
    assertNoProblems(problems)
  } finally {
    if (problems.length) console.error('problems seen:', problems)
    await context.close()
  }
})
