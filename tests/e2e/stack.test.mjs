// The production set-up as users deploy it, through `npm run stack`: nginx (deploy/nginx.conf) in front of
// Django under gunicorn, serving the production build. Log in, deep link and reload, CSP and cache headers, and
// the pre-rendered pages in the language nginx chooses.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { contentSecurityPolicy } from '../../deploy/csp.mjs'
import { assertNoProblems, freePort, launchBrowser, login, openPage, ROOT, screenshot } from './lib/index.mjs'

/** @type {import('playwright-core').Browser} */
let browser
/** @type {import('node:child_process').ChildProcess} */
let stack
let baseURL = ''
let dataDir = ''
let output = ''

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'e2e-stack-'))
  const port = await freePort()
  // Its own process group, stopped as a whole: npm, the launcher, nginx and gunicorn.
  stack = spawn('npm', ['run', 'stack'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: String(port), SERVER_DB: join(dataDir, 'db.sqlite3'), SERVER_FRESH: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  baseURL = await new Promise((resolveURL, reject) => {
    const onData = (/** @type {Buffer} */ chunk) => {
      output += chunk
      const ready = /Production stack on (http:\/\/\S+)/.exec(output)
      if (ready?.[1]) resolveURL(ready[1])
    }
    stack.stdout?.on('data', onData)
    stack.stderr?.on('data', onData)
    stack.once('exit', (code) => reject(new Error(`npm run stack exited (${code}) before it was up:\n${output}`)))
  })
  browser = await launchBrowser()
}, { timeout: 120_000 })

after(async () => {
  await browser?.close()
  if (stack && stack.exitCode === null) {
    const exited = new Promise((resolveExit) => stack.once('exit', resolveExit))
    process.kill(-(/** @type {number} */ (stack.pid)), 'SIGTERM')
    await exited
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

test('npm run stack: deep link through login, reload, CSP and cache headers', async () => {
  const { context, page, problems } = await openPage(browser, { baseURL })
  try {
    const entry = await page.goto('/orders/7')
    const headers = entry?.headers() ?? {}
    assert.equal(headers['content-security-policy'], contentSecurityPolicy())
    assert.equal(headers['x-content-type-options'], 'nosniff')
    assert.equal(headers['cache-control'], 'no-store', 'index.html must never be cached')
    assert.equal(headers['content-encoding'], 'gzip')

    await page.waitForURL((url) => url.pathname === '/login')
    assert.equal(new URL(page.url()).searchParams.get('redirect'), '/orders/7')
    await login(page, 'demo', 'demo123')
    await page.waitForURL((url) => url.pathname === '/orders/7')
    await page.getByText('SO-000007').first().waitFor()

    await page.reload()
    await page.getByText('SO-000007').first().waitFor()
    assert.equal(new URL(page.url()).pathname, '/orders/7')
    await screenshot(page, 'stack-order-7-after-reload')

    const assetPath = await page.evaluate(() => document.querySelector('script[type="module"]')?.getAttribute('src'))
    assert.match(assetPath ?? '', /^\/assets\//)
    const asset = await context.request.get(new URL(/** @type {string} */ (assetPath), baseURL).href)
    assert.equal(asset.status(), 200)
    assert.equal(asset.headers()['cache-control'], 'public, max-age=31536000, immutable')
    assert.equal(asset.headers()['content-security-policy'], contentSecurityPolicy())
    const missing = await context.request.get(new URL('/assets/no-such-chunk.js', baseURL).href)
    assert.equal(missing.status(), 404, 'a missing asset must not fall back to index.html')

    const api = await context.request.get(new URL('/api/me/', baseURL).href)
    assert.equal(api.status(), 401)
    assert.equal(api.headers()['www-authenticate'], 'JWT realm="api"')
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
})

test('npm run stack: /login and the not-found page pre-rendered in the saved language, else the browser\'s', async () => {
  const { context, page, problems } = await openPage(browser, { baseURL })
  try {
    const zh = { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' }
    const en = { 'Accept-Language': 'en-US,en;q=0.9' }
    const cases = [
      // path, request headers, the file of dist/ nginx must send, its status
      ['/login', en, 'en/login.html', 200],
      ['/login', zh, 'zh-CN/login.html', 200],
      ['/LOGIN/', { 'Accept-Language': ' zh-TW' }, 'zh-CN/login.html', 200],
      ['/login', { ...zh, Cookie: 'vue_jwt_drf_locale=en' }, 'en/login.html', 200],
      ['/login', { ...en, Cookie: 'a=1; vue_jwt_drf_locale=zh-CN' }, 'zh-CN/login.html', 200],
      ['/login', { ...zh, Cookie: 'vue_jwt_drf_locale=fr' }, 'zh-CN/login.html', 200],
      ['/login', {}, 'en/login.html', 200],
      ['/', zh, 'index.html', 200],
      ['/orders/7/edit', zh, 'index.html', 200],
      ['/session/password', en, 'index.html', 200],
      ['/no/such/page', zh, 'zh-CN/404.html', 404],
      ['/orders/abc', { ...zh, Cookie: 'vue_jwt_drf_locale=en' }, 'en/404.html', 404],
      ['/login/x', en, 'en/404.html', 404],
    ]
    for (const [path, headers, file, status] of /** @type {[string, Record<string, string>, string, number][]} */ (cases)) {
      const answer = await context.request.get(new URL(path, baseURL).href, { headers })
      const label = `${path} ${JSON.stringify(headers)}`
      assert.equal(answer.status(), status, label)
      assert.equal(await answer.text(), await readFile(join(ROOT, 'dist', file), 'utf8'), `${label} must be dist/${file}`)
      assert.equal(answer.headers()['cache-control'], 'no-store', label)
      assert.equal(answer.headers()['content-security-policy'], contentSecurityPolicy(), label)
      if (file !== 'index.html') assert.match(answer.headers()['vary'] ?? '', /Cookie, Accept-Language/, label)
    }

    // The first paint, before (without) any script: the Chinese form from a Chinese browser.
    const noScript = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: 'zh-CN' })
    const bare = await noScript.newPage()
    const entry = await bare.goto('/login')
    assert.equal(entry?.headers()['content-encoding'], 'gzip')
    assert.equal(await bare.locator('h1').textContent(), '登录查看订单')
    assert.equal(await bare.getByRole('button', { name: '登录', exact: true }).count(), 1)
    await screenshot(bare, 'stack-login-zh-no-javascript')
    await noScript.close()

    // With JavaScript, the pre-rendered page becomes the app and logs in.
    await page.goto('/login')
    await login(page, 'demo', 'demo123')
    await page.waitForURL((url) => url.pathname === '/orders')
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
})
