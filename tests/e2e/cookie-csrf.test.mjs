// Cookie mode against the real server (the django-cookie phase of tests/e2e/run.mjs): a page on another origin, in
// the same browser as the logged-in app, can't make the app's server refresh (or log out) with the user's cookie.
// Both kinds of other origin: same site (127.0.0.1 on another port: SameSite lets the cookie go, the server's CSRF
// check refuses) and cross site (localhost: SameSite=Strict keeps the cookie home, and the check refuses too).
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { after, before, test } from 'node:test'
import { assertNoProblems, launchBrowser, login, openPage } from './lib/index.mjs'

/** @type {import('playwright-core').Browser} */
let browser
/** @type {import('node:http').Server} */
let attacker
let attackerPort = 0
before(async () => {
  browser = await launchBrowser()
  // The other origin: a blank page the test drives (its scripts are the attacker's).
  attacker = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html' })
    response.end('<!doctype html><title>elsewhere</title><p>another origin</p>')
  })
  await new Promise((resolve) => attacker.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = attacker.address()
  attackerPort = typeof address === 'object' && address ? address.port : 0
})
after(async () => {
  await browser?.close()
  await new Promise((resolve) => attacker?.close(resolve))
})

/** @param {import('playwright-core').BrowserContext} context */
async function refreshCookie(context) {
  return (await context.cookies()).find((cookie) => cookie.name === '__Host-refresh')?.value ?? null
}

for (const host of ['127.0.0.1', 'localhost']) {
  const kind = host === '127.0.0.1' ? 'same-site' : 'cross-site'
  test(`cookie mode: a ${kind} page (http://${host}:<other port>) can't refresh or log out with the user's cookie`, async () => {
    const { context, page, problems } = await openPage(browser)
    const app = new URL(process.env.E2E_BASE_URL ?? '').origin
    /** @type {Array<{ method: string, path: string, status: number }>} */
    const tokenCalls = []
    context.on('response', (response) => {
      const url = new URL(response.url())
      if (url.origin !== app || !url.pathname.startsWith('/api/token/')) return
      const frame = response.frame()
      if (frame.page() === page) return // the app's own calls
      tokenCalls.push({ method: response.request().method(), path: url.pathname, status: response.status() })
    })
    try {
      await page.goto('/login?redirect=/orders')
      await login(page, 'demo', 'demo123')
      await page.getByRole('button', { name: 'New order' }).waitFor()
      const cookieBefore = await refreshCookie(context)
      assert.ok(cookieBefore)

      const evil = await context.newPage()
      await evil.goto(`http://${host}:${attackerPort}/`)
      const attempts = await evil.evaluate(async (target) => {
        /** @type {Record<string, string>} */
        const results = {}
        // A simple request (no preflight): the browser sends it, the page can't read the answer.
        for (const path of ['/api/token/refresh/', '/api/token/blacklist/']) {
          try {
            await fetch(target + path, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: '{}' })
            results[`simple ${path}`] = 'sent'
          } catch (error) {
            results[`simple ${path}`] = String(error)
          }
        }
        // With the CSRF header: a CORS preflight, which the server never grants, so the POST is never sent.
        try {
          const answer = await fetch(target + '/api/token/refresh/', {
            method: 'POST',
            credentials: 'include',
            headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
            body: '{}',
          })
          results['with header'] = `answered ${answer.status}`
        } catch (error) {
          results['with header'] = error instanceof TypeError ? 'blocked' : String(error)
        }
        return results
      }, app)
      assert.deepEqual(attempts, { 'simple /api/token/refresh/': 'sent', 'simple /api/token/blacklist/': 'sent', 'with header': 'blocked' })

      // A form posted to the token endpoints from there: a top-level navigation, which SameSite=Strict and the check both stop.
      await evil.evaluate((target) => {
        const form = document.createElement('form')
        form.method = 'POST'
        form.action = `${target}/api/token/refresh/`
        document.body.append(form)
        form.submit()
      }, app)
      await evil.waitForURL(`${app}/api/token/refresh/`)
      // A navigation asks for HTML: DRF's browsable page of the same 403 answer.
      assert.match((await evil.locator('body').textContent()) ?? '', /csrf_failed/)

      const refused = tokenCalls.filter((call) => call.method === 'POST')
      assert.deepEqual(
        // (the no-cors answers are opaque, even to the test: their status is what it sees)
        refused.map((call) => [call.path, call.status]),
        [
          ['/api/token/refresh/', 403],
          ['/api/token/blacklist/', 403],
          ['/api/token/refresh/', 403],
        ],
        'each cross-origin POST that reached the server was refused',
      )
      // Nothing spent, nothing revoked: the app's session goes on with the same cookie.
      assert.equal(await refreshCookie(context), cookieBefore)
      await page.bringToFront()
      await page.goto('/orders')
      await page.getByRole('button', { name: 'New order' }).waitFor()
      assert.equal(new URL(page.url()).pathname, '/orders')
      assertNoProblems(problems)
    } finally {
      await context.close()
    }
  })
}
