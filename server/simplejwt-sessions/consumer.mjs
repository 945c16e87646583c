// The consumer test (npm run test:package:python, in npm test): a new user's first hour with the package. The wheel is built
// and installed into a fresh venv with Django from PyPI (constraints/django-5.2.txt, hash-pinned); `django-admin
// startproject` in a temp folder gets the README's quick start (its code blocks, read from README.md, so the two
// can't drift); migrate; runserver on 127.0.0.1 on a free port; then a scripted journey over HTTP: two devices log
// in, one refreshes twice (and retries within the grace window), lists its devices, signs the other out, and a
// replay after the window ends its family. Each step's status and body are asserted; figures printed.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as delay } from 'node:timers/promises'
import { freePort } from '../../tests/e2e/lib/server.mjs'
import { PACKAGE_DIR, buildWheel } from './matrix.mjs'

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'
/** The consumer's grace window: short, so the replay after it is a short wait. */
const GRACE_SECONDS = 1

const figures = []
let phaseStarted = performance.now()
const phase = (/** @type {string} */ name) => {
  figures.push(`${name} ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s`)
  phaseStarted = performance.now()
}

/** The README's code block after `<!-- quickstart:<name> -->`. */
function quickStart(/** @type {string} */ name) {
  const readme = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8')
  const match = new RegExp(`<!-- quickstart:${name} -->\\n\`\`\`python\\n([\\s\\S]*?)\`\`\``).exec(readme)
  if (!match) throw new Error(`README.md has no quickstart:${name} block`)
  return match[1]
}

function run(/** @type {string} */ command, /** @type {string[]} */ args, /** @type {object} */ options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`)
  return `${result.stdout}${result.stderr}`
}

const work = mkdtempSync(join(tmpdir(), 'simplejwt-sessions-consumer-'))
/** @type {import('node:child_process').ChildProcess | undefined} */
let server
try {
  const wheel = buildWheel(join(work, 'dist'))
  phase('wheel')

  const venv = join(work, 'venv')
  const python = join(venv, 'bin', 'python')
  run(process.env.PYTHON || 'python3', ['-m', 'venv', venv])
  const pip = [python, '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--no-deps']
  run(pip[0], [...pip.slice(1), '--require-hashes', '-r', join(PACKAGE_DIR, 'constraints', 'django-5.2.txt')])
  run(pip[0], [...pip.slice(1), wheel])
  phase('venv + PyPI install')

  const site = join(work, 'site')
  mkdirSync(site)
  run(join(venv, 'bin', 'django-admin'), ['startproject', 'mysite', site])
  const settings = join(site, 'mysite', 'settings.py')
  appendFileSync(settings, `\n# The README's quick start\n${quickStart('settings')}`)
  appendFileSync(join(site, 'mysite', 'urls.py'), `\n${quickStart('urls')}`)
  const manage = (/** @type {string[]} */ args, env = {}) => run(python, ['manage.py', ...args], { cwd: site, env: { ...process.env, ...env } })
  // The system check points at SQLite's deferred transactions, then the README's line for them silences it.
  assert.match(manage(['check']), /simplejwt_sessions\.W001/)
  appendFileSync(settings, `${quickStart('sqlite')}\nfrom datetime import timedelta\nSIMPLEJWT_SESSIONS = {"GRACE_WINDOW": timedelta(seconds=${GRACE_SECONDS})}\nSIMPLE_JWT = {"ROTATE_REFRESH_TOKENS": True, "BLACKLIST_AFTER_ROTATION": True}\n`)
  assert.match(manage(['check']), /no issues/)
  manage(['migrate', '--noinput'])
  manage(['createsuperuser', '--noinput', '--username', 'demo', '--email', 'demo@example.org'], { DJANGO_SUPERUSER_PASSWORD: 'correct horse 12' })
  phase('startproject + migrate')

  const port = await freePort()
  server = spawn(python, ['manage.py', 'runserver', '--noreload', `127.0.0.1:${port}`], {
    cwd: site,
    detached: true,
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const listening = new Promise((resolve, reject) => {
    const onData = (/** @type {Buffer} */ chunk) => {
      log += chunk
      if (log.includes(`http://127.0.0.1:${port}/`)) resolve(undefined)
    }
    server?.stdout?.on('data', onData)
    server?.stderr?.on('data', onData)
    server?.on('exit', (code) => reject(new Error(`runserver exited (${code}):\n${log}`)))
  })
  await listening
  phase('runserver up')

  const base = `http://127.0.0.1:${port}/api`
  const call = async (/** @type {string} */ method, /** @type {string} */ path, { body, access, userAgent } = /** @type {any} */ ({})) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...(access ? { Authorization: `Bearer ${access}` } : {}),
        ...(userAgent ? { 'User-Agent': userAgent } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : null }
  }
  const claims = (/** @type {string} */ token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())
  const login = { username: 'demo', password: 'correct horse 12' }
  const BLACKLISTED = { detail: 'Token is blacklisted', code: 'token_not_valid' }

  // 1. a login on each of two devices
  const firefox = await call('POST', '/token/', { body: login, userAgent: FIREFOX })
  assert.equal(firefox.status, 200)
  assert.deepEqual(Object.keys(firefox.body).sort(), ['access', 'refresh'])
  const sid = claims(firefox.body.refresh).sid
  assert.equal(claims(firefox.body.access).sid, sid)
  const chrome = await call('POST', '/token/', { body: login, userAgent: CHROME })
  assert.equal(chrome.status, 200)
  assert.notEqual(claims(chrome.body.refresh).sid, sid)

  // 2. two refreshes: each a new pair of the same session; the just-spent token, retried, gets the same successor
  const second = await call('POST', '/token/refresh/', { body: { refresh: firefox.body.refresh } })
  assert.equal(second.status, 200)
  assert.notEqual(second.body.refresh, firefox.body.refresh)
  assert.equal(claims(second.body.refresh).sid, sid)
  const spentAt = performance.now()
  const third = await call('POST', '/token/refresh/', { body: { refresh: second.body.refresh } })
  assert.equal(third.status, 200)
  const thirdSpentAt = performance.now()
  assert.notEqual(third.body.refresh, second.body.refresh)
  const retried = await call('POST', '/token/refresh/', { body: { refresh: second.body.refresh } })
  assert.equal(retried.status, 200, 'a retry within the grace window')
  assert.equal(retried.body.refresh, third.body.refresh)
  assert.ok(performance.now() - spentAt < GRACE_SECONDS * 1000, 'the retry came within the window')

  // 3. the devices list: both, newest first, this one marked current, labelled from the User-Agent
  const devices = await call('GET', '/me/sessions/', { access: third.body.access })
  assert.equal(devices.status, 200)
  assert.deepEqual(
    devices.body.map((/** @type {any} */ device) => [device.device, device.current]),
    [['Chrome on Windows', false], ['Firefox on Linux', true]],
  )
  assert.equal(devices.body[1].id, sid)
  assert.deepEqual(Object.keys(devices.body[0]).sort(), ['created_at', 'current', 'device', 'expires_at', 'id', 'last_used_at'])

  // 4. signing the other device out: its refresh and access tokens are refused at once
  const signedOut = await call('DELETE', `/me/sessions/${devices.body[0].id}/`, { access: third.body.access })
  assert.deepEqual([signedOut.status, signedOut.body], [204, null])
  assert.deepEqual(await call('POST', '/token/refresh/', { body: { refresh: chrome.body.refresh } }), { status: 401, body: BLACKLISTED })
  assert.equal((await call('GET', '/me/sessions/', { access: chrome.body.access })).status, 401)
  const left = await call('GET', '/me/sessions/', { access: third.body.access })
  assert.deepEqual(left.body.map((/** @type {any} */ device) => device.id), [sid])

  // 5. the just-spent token again, after the window: a replay, which ends the whole family
  await delay(Math.max(0, GRACE_SECONDS * 1000 - (performance.now() - thirdSpentAt)) + 100) // the window's end
  const replay = await call('POST', '/token/refresh/', { body: { refresh: second.body.refresh } })
  assert.deepEqual(replay, { status: 401, body: BLACKLISTED })
  assert.deepEqual(await call('POST', '/token/refresh/', { body: { refresh: third.body.refresh } }), { status: 401, body: BLACKLISTED })
  const after = await call('GET', '/me/sessions/', { access: third.body.access })
  assert.equal(after.status, 401)
  assert.equal(after.body.code, 'token_not_valid')
  assert.match(log, new RegExp(`session ${sid} of user 1 ended: reuse`))
  phase('journey')
  console.log(`consumer test passed: ${figures.join(', ')}`)
} finally {
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.on('exit', resolve))
    process.kill(-server.pid, 'SIGTERM')
    await exited
  }
  rmSync(work, { recursive: true, force: true })
}
