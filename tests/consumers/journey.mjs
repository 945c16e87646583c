// The consumer Vue app's journey in Chromium, against its own `vite preview` (the packaged mock behind MSW's worker):
// the guard's redirect, login, a silent refresh seen as the token request it is, an authenticated request with the
// new token, logout, and the guard again.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { CHROME_FLAGS } from '../e2e/lib/chrome.mjs'
import { freePort } from '../e2e/lib/server.mjs'

/** Where @django-jwt/session keeps a remembered session (localStorage). */
const SESSION_KEY = 'vue-jwt-drf.session.v1'

/**
 * `vite preview` of the built app on 127.0.0.1 and a free port, in its own process group; resolves once it prints
 * its URL.
 * @param {string} appDir
 */
async function startPreview(appDir) {
  const port = await freePort()
  const child = spawn(process.execPath, [join(appDir, 'node_modules/vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: appDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Plain text: with CI set, Vite colours its output, and the URL it prints is split by escape codes.
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  })
  const url = `http://127.0.0.1:${port}`
  let output = ''
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
    process.kill(-child.pid, 'SIGTERM')
    const timer = setTimeout(() => child.pid !== undefined && process.kill(-child.pid, 'SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  await new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`vite preview printed no URL within 30 s:\n${output}`)), 30_000)
    const watch = (/** @type {Buffer} */ chunk) => {
      output += chunk
      // eslint-disable-next-line no-control-regex
      if (output.replace(/\u001b\[[0-9;]*m/g, '').includes(url)) {
        clearTimeout(timer)
        resolveReady(undefined)
      }
    }
    child.stdout.on('data', watch)
    child.stderr.on('data', watch)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`vite preview exited (${code}):\n${output}`))
    })
  })
  return { url, stop }
}

/**
 * @param {{ appDir: string, chrome: string, screenshots: string }} options
 */
export async function runJourney({ appDir, chrome, screenshots }) {
  mkdirSync(screenshots, { recursive: true })
  const preview = await startPreview(appDir)
  const browser = await chromium.launch({ executablePath: chrome, headless: true, args: CHROME_FLAGS, timeout: 60_000 })
  try {
    const context = await browser.newContext({ baseURL: preview.url, viewport: { width: 800, height: 600 } })
    context.setDefaultTimeout(15_000)
    const page = await context.newPage()
    /** @type {string[]} */
    const problems = []
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    // Failed loads are judged by their response below (the console line has no URL).
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`)
    })
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`)
    })
    const step = (/** @type {string} */ name) => console.log(`  ok ${name}`)
    const shot = (/** @type {string} */ name) => page.screenshot({ path: join(screenshots, `${name}.png`) })
    const storedSession = () => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? 'null'), SESSION_KEY)

    await page.goto('/')
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/')
    await page.locator('form[data-test=login]').waitFor()
    await shot('1-login')
    step('the protected page (/) sends a visitor to /login?redirect=/')

    await page.fill('input[name=username]', 'demo')
    await page.fill('input[name=password]', 'wrong')
    await page.click('button[type=submit]')
    await page.getByRole('alert').waitFor()
    step('a wrong password is shown on the login page')

    // Every access token the server hands out by refresh (the session renews a 4 s token every ~3.6 s).
    /** @type {Set<string>} */
    const renewedTokens = new Set()
    page.on('response', async (response) => {
      if (!response.url().endsWith('/api/token/refresh/') || response.status() !== 200) return
      const body = await response.json().catch(() => null)
      if (typeof body?.access === 'string') renewedTokens.add(body.access)
    })
    // The first proactive refresh comes ~3.6 s after login: listen before logging in.
    const refreshed = page.waitForResponse((response) => response.url().endsWith('/api/token/refresh/') && response.request().method() === 'POST', {
      timeout: 30_000,
    })
    const obtained = page.waitForResponse((response) => response.url().endsWith('/api/token/') && response.status() === 200)
    await page.fill('input[name=password]', 'demo123')
    await page.click('button[type=submit]')
    const loginAccess = (await (await obtained).json()).access
    assert.equal(typeof loginAccess, 'string')
    await page.waitForURL((url) => url.pathname === '/')
    await page.locator('[data-test=username]', { hasText: 'demo' }).waitFor()
    await shot('2-home')
    step('log in as demo: back on /, the user shown')

    const refresh = await refreshed
    assert.equal(refresh.status(), 200)
    const renewed = await refresh.json()
    assert.ok(typeof renewed.access === 'string' && renewed.access !== loginAccess, 'a new access token')
    assert.equal(refresh.request().headers().authorization, undefined, 'a refresh carries no Authorization')
    await page.waitForFunction(
      ([key, first]) => {
        const access = JSON.parse(localStorage.getItem(key) ?? 'null')?.access
        return typeof access === 'string' && access !== first
      },
      [SESSION_KEY, loginAccess],
    )
    step('a silent refresh (POST /api/token/refresh/), the new token stored')

    const ordersRequest = page.waitForRequest((request) => request.url().endsWith('/api/orders/'))
    const ordersResponse = page.waitForResponse((response) => response.url().endsWith('/api/orders/'))
    await page.click('[data-test=orders]')
    const sent = (await ordersRequest).headers().authorization
    assert.equal((await ordersResponse).status(), 200)
    assert.ok(sent?.startsWith('JWT ') && renewedTokens.has(sent.slice(4)), `the request carried a refreshed token: ${sent}`)
    await page.locator('[data-test=order-count]', { hasText: '25 orders' }).waitFor()
    await shot('3-after-refresh')
    step('after the refresh an authenticated request succeeds with a refreshed token')

    const blacklisted = page.waitForResponse((response) => response.url().endsWith('/api/token/blacklist/'))
    await page.click('[data-test=logout]')
    await page.waitForURL((url) => url.pathname === '/login')
    assert.equal((await blacklisted).status(), 200)
    assert.equal(await storedSession(), null)
    step('logout: /login, the refresh token blacklisted, nothing stored')

    await page.goto('/')
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/')
    await shot('4-logged-out')
    step('the protected page redirects again')

    // The one refusal the journey asks for: the wrong password.
    assert.deepEqual(problems, ['401 POST /api/token/'], 'no other failed request, page error or console error')
    await context.close()
  } finally {
    await browser.close()
    await preview.stop()
  }
}
