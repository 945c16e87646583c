// The production set-up as users deploy it, through `npm run stack`: nginx (deploy/nginx.conf) in front of
// Django under gunicorn, serving the production build. Log in, deep link and reload, CSP and cache headers, the
// pre-rendered pages in the language nginx chooses, 20 parallel refreshes with one refresh token, nginx's body limit
// and its limit_req in front of the token endpoints, the login lockout across app servers, a gunicorn SIGKILLed from outside (the stack starts it again and
// goes on), and Ctrl-C.
// STACK_DB=postgres STACK_INSTANCES=2 (passed on to npm run stack) runs it all on two app servers sharing a
// PostgreSQL: the refreshes then land on both, and still the database lets one of them consume the token.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { Agent, request } from 'undici'
import { contentSecurityPolicy } from '../../deploy/csp.mjs'
import { stackSetup } from '../../deploy/stack.mjs'
import { killTree, liveMembers } from '../bench/load/processes.mjs'
import { assertNoProblems, freePort, launchBrowser, login, openPage, ROOT, screenshot } from './lib/index.mjs'

const SETUP = stackSetup(process.env)
const LABEL = `${SETUP.instances} × gunicorn on ${SETUP.database}`
// The server's grace window (run.mjs gives each set-up its own): a just-spent refresh token gets its successor again.
const GRACE_SECONDS = Number(process.env.REFRESH_GRACE_SECONDS ?? 30)

/** @type {import('playwright-core').Browser} */
let browser
/** @type {import('node:child_process').ChildProcess} */
let stack
/** @type {Promise<void>} */
let stackClosed
let baseURL = ''
let dataDir = ''
let output = ''

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'e2e-stack-'))
  const port = await freePort()
  // Its own process group, stopped as a whole: npm, the launcher, nginx, gunicorn and PostgreSQL.
  stack = spawn('npm', ['run', 'stack'], {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      SERVER_DB: join(dataDir, 'db.sqlite3'),
      SERVER_FRESH: '1',
      ROTATE: '1',
      REFRESH_GRACE_SECONDS: String(GRACE_SECONDS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // 'close': npm and the stack script have exited and let go of the output (the script exits after stopping all).
  stackClosed = new Promise((resolveClosed) => stack.once('close', () => resolveClosed()))
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
}, { timeout: 180_000 })

after(async () => {
  await browser?.close()
  if (stack && stack.exitCode === null && stack.signalCode === null) {
    const exited = new Promise((resolveExit) => stack.once('exit', resolveExit))
    process.kill(-(/** @type {number} */ (stack.pid)), 'SIGTERM')
    await exited
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

test(`npm run stack (${LABEL}): deep link through login, reload, CSP and cache headers`, async () => {
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
    await screenshot(page, `stack-${SETUP.database}-${SETUP.instances}-order-7-after-reload`)

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

test(`npm run stack (${LABEL}): /login and the not-found page pre-rendered in the saved language, else the browser's`, async () => {
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
    await screenshot(bare, `stack-${SETUP.database}-${SETUP.instances}-login-zh-no-javascript`)
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

/**
 * POSTs JSON to the stack's API; resolves the status and the parsed body.
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<{ status: number, data: any }>}
 */
async function postJson(path, body) {
  const response = await fetch(new URL(path, baseURL), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, data: await response.json() }
}

test(`npm run stack (${LABEL}, ${GRACE_SECONDS} s grace window): of 20 parallel refreshes with one refresh token, one successor`, async () => {
  const login = await postJson('/api/token/', { username: 'admin', password: 'admin123' })
  assert.equal(login.status, 200)
  const logBefore = (await readFile(accessLogPath(), 'utf8')).length
  const answers = await Promise.all(Array.from({ length: 20 }, () => postJson('/api/token/refresh/', { refresh: login.data.refresh })))

  const won = answers.filter((answer) => answer.status === 200)
  const lost = answers.filter((answer) => answer.status !== 200)
  const successors = new Set(won.map((answer) => answer.data.refresh))
  assert.equal(successors.size, 1, 'every refresh that won gives the same successor')
  const [successor] = successors
  const next = await postJson('/api/token/refresh/', { refresh: successor })
  if (GRACE_SECONDS > 0) {
    // Within the window every one of them is the lost answer of the others: all get the one successor, which goes on.
    assert.equal(won.length, 20, `all 20 answered 200: ${answers.map((a) => a.status).join(',')}`)
    assert.equal(next.status, 200)
  } else {
    // Without it one consumes the token and the 19 others are replays of a spent token: the session ends.
    assert.equal(won.length, 1, `exactly one refresh wins: ${answers.map((a) => a.status).join(',')}`)
    for (const answer of lost) assert.deepEqual([answer.status, answer.data], [401, { detail: 'Token is blacklisted', code: 'token_not_valid' }])
    assert.deepEqual([next.status, next.data], [401, { detail: 'Token is blacklisted', code: 'token_not_valid' }])
  }

  // nginx's access log names the app server of each refresh: with two, both served some.
  const refreshLines = (await readFile(accessLogPath(), 'utf8')).slice(logBefore).split('\n').filter((line) => line.includes('POST /api/token/refresh/'))
  const upstreams = new Set(refreshLines.map((line) => /upstream=(\S+)/.exec(line)?.[1]))
  assert.equal(refreshLines.length, 21)
  assert.equal(upstreams.size, SETUP.instances, `the refreshes went to ${[...upstreams].join(', ')}`)
})

test(`npm run stack (${LABEL}): a 20 KB body gets Django's answer (nginx writes it to its temp file), one over 64 KB a JSON 413 from nginx`, async () => {
  // A body over nginx's in-memory buffer (8-16 KB) goes to client_body_temp_path: once nginx's 500 (its workers
  // could not write there). The same request straight to gunicorn (its address printed by the stack) is Django's answer.
  const body = JSON.stringify({ token: 'x'.repeat(20_000) })
  const direct = await postRaw(`http://${gunicornAddresses()[0]}/api/token/verify/`, body)
  const proxied = await postRaw(new URL('/api/token/verify/', baseURL).href, body)
  assert.deepEqual([direct.status, direct.data], [401, { detail: 'Token is invalid', code: 'token_not_valid' }])
  assert.deepEqual([proxied.status, proxied.data], [direct.status, direct.data])

  // A long order note is taken: 10,000 Chinese characters, JSON-escaped (\uXXXX, 6 bytes each) ~60 KB of body.
  const login = await postJson('/api/token/', { username: 'demo', password: 'demo123' })
  assert.equal(login.status, 200)
  const note = '长'.repeat(10_000)
  const order = await fetch(new URL('/api/orders/', baseURL), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `JWT ${login.data.access}` },
    body: JSON.stringify({ item: 'Long note', quantity: 1, price: '1.00', note }).replaceAll('长', '\\u957f'),
  })
  const created = await order.json()
  assert.equal(order.status, 201, JSON.stringify(created).slice(0, 300))
  assert.equal(created.note, note)

  // Over the limit: refused by nginx before any app server, in the API's shape, with the usual headers.
  const tooLarge = await fetch(new URL('/api/token/', baseURL), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'demo', password: 'x'.repeat(70_000) }) })
  assert.equal(tooLarge.status, 413)
  assert.equal(tooLarge.headers.get('content-type'), 'application/json')
  assert.equal(tooLarge.headers.get('content-security-policy'), contentSecurityPolicy())
  assert.deepEqual(await tooLarge.json(), { detail: 'Request body too large.', code: 'request_too_large' })
})

test(`npm run stack (${LABEL}): a flood of logins from one address meets nginx's JSON 429 with Retry-After: 1; another address is not slowed`, async () => {
  // From 127.0.0.2 (loopback is all of 127.0.0.0/8), so the other tests' 127.0.0.1 keeps its own bucket. Bodies
  // without the fields: Django answers 400 and counts no failed login, so nothing is locked out by the flood.
  const flooder = new Agent({ localAddress: '127.0.0.2', connections: 100 })
  try {
    const answers = await Promise.all(
      Array.from({ length: 150 }, async () => {
        const response = await request(new URL('/api/token/', baseURL), { method: 'POST', dispatcher: flooder, headers: { 'content-type': 'application/json' }, body: '{}' })
        return { status: response.statusCode, retryAfter: response.headers['retry-after'], type: response.headers['content-type'], data: await response.body.json() }
      }),
    )
    const passed = answers.filter((answer) => answer.status === 400)
    const throttled = answers.filter((answer) => answer.status === 429)
    assert.equal(passed.length + throttled.length, answers.length, answers.map((answer) => answer.status).join(','))
    // burst=60 nodelay: 61 at once, and a few more as the bucket drains at 20 a second while the flood lasts.
    assert.ok(passed.length >= 61 && passed.length <= 90, `${passed.length} of ${answers.length} reached Django`)
    assert.ok(throttled.length >= 60, `${throttled.length} were throttled`)
    for (const answer of throttled) {
      assert.deepEqual([answer.retryAfter, answer.type, answer.data], ['1', 'application/json', { detail: 'Too many requests.', code: 'throttled' }])
    }
    // Per address: 127.0.0.1 logs in meanwhile.
    const login = await postJson('/api/token/', { username: 'demo', password: 'demo123' })
    assert.equal(login.status, 200)
  } finally {
    await flooder.close()
  }
})

test(`npm run stack (${LABEL}): the login lockout counts a guesser's tries on every app server; forged forwarding headers change nothing; the owner at another address logs in`, async () => {
  // The guesser on 127.0.0.3, the owner on 127.0.0.2 (loopback is all of 127.0.0.0/8): nginx's $remote_addr, which it
  // sends as X-Real-IP, the one header Django believes from it (TRUSTED_PROXIES=127.0.0.1).
  const guesser = new Agent({ localAddress: '127.0.0.3' })
  const owner = new Agent({ localAddress: '127.0.0.2' })
  const loginFrom = async (/** @type {Agent} */ agent, /** @type {string} */ password, /** @type {Record<string, string>} */ headers = {}) => {
    const response = await request(new URL('/api/token/', baseURL), {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username: 'demo', password }),
    })
    return { status: response.statusCode, retryAfter: response.headers['retry-after'], data: await response.body.json() }
  }
  try {
    const logBefore = (await readFile(accessLogPath(), 'utf8')).length
    const statuses = []
    for (let n = 0; n < 10; n += 1) {
      // Each try claims to come from elsewhere: a client's X-Forwarded-For and X-Real-IP are its own words.
      const forged = { 'x-forwarded-for': `198.51.100.${n}`, 'x-real-ip': `203.0.113.${n}` }
      statuses.push((await loginFrom(guesser, `guess-${n}`, forged)).status)
    }
    assert.deepEqual(statuses, Array(10).fill(401))
    const locked = await loginFrom(guesser, 'demo123', { 'x-forwarded-for': '198.51.100.99', 'x-real-ip': '203.0.113.99' })
    assert.equal(locked.status, 429, JSON.stringify(locked.data))
    assert.equal(locked.data.code, 'too_many_attempts') // Django's lockout, not nginx's limit_req
    assert.ok(locked.data.retry_after > 50 && locked.data.retry_after <= 60 && locked.retryAfter === String(locked.data.retry_after), JSON.stringify(locked))

    // The tries were spread over the app servers, and still one count stopped them.
    const lines = (await readFile(accessLogPath(), 'utf8')).slice(logBefore).split('\n').filter((line) => line.includes('POST /api/token/'))
    const upstreams = new Set(lines.map((line) => /upstream=(\S+)/.exec(line)?.[1]))
    assert.equal(upstreams.size, SETUP.instances, `the tries went to ${[...upstreams].join(', ')}`)

    const ownLogin = await loginFrom(owner, 'demo123')
    assert.equal(ownLogin.status, 200, JSON.stringify(ownLogin.data))
    assert.equal((await loginFrom(guesser, 'demo123')).status, 429, "the owner's login elsewhere unlocked nothing")
  } finally {
    await Promise.all([guesser.close(), owner.close()])
  }
})

test(`npm run stack (${LABEL}): a gunicorn SIGKILLed from outside (master and workers, by pid) is started again; the stack goes on`, async () => {
  const login = await postJson('/api/token/', { username: 'admin', password: 'admin123' })
  assert.equal(login.status, 200)
  // The last app server the stack printed, as an operator would find it: its master's pid, its workers in /proc.
  const [address, master] = /** @type {[string, number]} */ (printedGunicorns().at(-1))
  const killed = killTree(master)
  assert.ok(killed.length >= 3, `the master and its 2 workers: ${killed.join(', ')}`)
  const back = waitForOutput(new RegExp(`^gunicorn on ${address.replaceAll('.', '\\.')} is back \\(pid (\\d+)\\)`, 'm'))
  if (SETUP.instances > 1) {
    // While it is down nginx routes around it: reads (passed on to the next server) and logins all answered.
    const logBefore = (await readFile(accessLogPath(), 'utf8')).length
    for (let i = 0; i < 6; i += 1) {
      const me = await fetch(new URL('/api/me/', baseURL), { headers: { Authorization: `JWT ${login.data.access}` } })
      assert.equal(me.status, 200, `GET /api/me/ with ${address} dead`)
    }
    assert.equal((await postJson('/api/token/', { username: 'demo', password: 'demo123' })).status, 200)
    // One of them met the dead server first ($upstream_addr "dead, other"): refused at connect, passed on.
    const lines = (await readFile(accessLogPath(), 'utf8')).slice(logBefore).split('\n')
    assert.ok(
      lines.some((line) => line.includes('"GET /api/me/ HTTP/1.1" 200') && line.includes(`upstream=${address}, `)),
      `no read was passed on from ${address}:\n${lines.join('\n')}`,
    )
  }
  const newMaster = Number((await back)[1])
  assert.match(output, new RegExp(`^gunicorn on ${address.replaceAll('.', '\\.')} died \\(signal SIGKILL, pid ${master}\\); restarting in 0\\.5 s$`, 'm'))
  assert.doesNotMatch(output, /stopping the stack/)
  assert.equal(stack.exitCode, null, 'the stack is still running')
  assert.notEqual(newMaster, master)
  assert.deepEqual(liveMembers(master), [], 'nothing of the dead instance lives on')
  // The new one answers on the same port, and through nginx the session goes on.
  assert.equal((await fetch(`http://${address}/api/health/`)).status, 200)
  const me = await fetch(new URL('/api/me/', baseURL), { headers: { Authorization: `JWT ${login.data.access}` } })
  assert.equal(me.status, 200)
})

test(`npm run stack (${LABEL}): Ctrl-C stops nginx, every gunicorn${SETUP.database === 'postgres' ? ' and PostgreSQL' : ''}`, async () => {
  const processes = /^.*nginx \(pid \d+\)$/m.exec(output)?.[0] ?? ''
  const printed = [...processes.matchAll(/pid (\d+)\)/g)].map((match) => Number(match[1]))
  assert.equal(printed.length, SETUP.instances + 1 + (SETUP.database === 'postgres' ? 1 : 0), `the stack printed its processes:\n${output}`)
  // And the app servers it started again after the kill above.
  const groups = [...printed, ...[...output.matchAll(/^gunicorn on \S+ is back \(pid (\d+)\)/gm)].map((match) => Number(match[1]))]
  // A terminal's Ctrl-C: SIGINT to the foreground process group (npm and the stack script).
  process.kill(-(/** @type {number} */ (stack.pid)), 'SIGINT')
  await stackClosed
  for (const group of groups) assert.deepEqual(liveMembers(group), [], `process group ${group} is gone`)
})

/** The access log the stack printed. */
function accessLogPath() {
  const path = /nginx access log: (\S+)/.exec(output)?.[1]
  assert.ok(path, `npm run stack printed no access log:\n${output}`)
  return path
}

/** The app servers the stack printed when it was up: [address, master's pid] each. */
function printedGunicorns() {
  const line = /^.*nginx \(pid \d+\)$/m.exec(output)?.[0] ?? ''
  const found = [...line.matchAll(/gunicorn (\S+) \(pid (\d+)\)/g)].map((match) => /** @type {[string, number]} */ ([match[1], Number(match[2])]))
  assert.equal(found.length, SETUP.instances, `the stack printed its app servers:\n${output}`)
  return found
}

/** The app servers' addresses (127.0.0.1:port), as the stack printed them. */
const gunicornAddresses = () => printedGunicorns().map(([address]) => address)

/**
 * Resolves the match once the stack's output (so far or later) matches `pattern`; rejects after `ms`.
 * @param {RegExp} pattern
 * @param {number} [ms]
 * @returns {Promise<RegExpExecArray>}
 */
function waitForOutput(pattern, ms = 60_000) {
  return new Promise((resolveMatch, reject) => {
    const check = () => {
      const match = pattern.exec(output)
      if (!match) return
      clearTimeout(timer)
      stack.stdout?.off('data', check)
      stack.stderr?.off('data', check)
      resolveMatch(match)
    }
    const timer = setTimeout(() => {
      stack.stdout?.off('data', check)
      stack.stderr?.off('data', check)
      reject(new Error(`npm run stack did not print ${pattern} within ${ms} ms:\n${output}`))
    }, ms)
    // After before()'s listener, which adds the chunk to `output`.
    stack.stdout?.on('data', check)
    stack.stderr?.on('data', check)
    check()
  })
}

/**
 * POSTs a raw JSON body to any URL; resolves the status and the parsed body.
 * @param {string} url
 * @param {string} body
 */
async function postRaw(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
  return { status: response.status, data: await response.json() }
}
