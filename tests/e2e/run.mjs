// `npm run test:e2e`: the browser tests, in phases that run two at a time (E2E_LANES), always stopping every server
// each phase started.
// - mock:   the demo build (mock backend on) under `vite preview` (CSP header on): every tests/e2e/*.test.mjs
//           but the real-stack-only, dialect and cookie ones.
// - django: the production build under `vite preview`, proxied to the project's Django server (3-second
//           tokens, rotation on, a 5-second grace window, a fresh database): the journeys, session, revocation,
//           remember-me and devices tests again; the idle tests on a second production build made with
//           VITE_IDLE_MINUTES=0.25; then the production stack (`npm run stack`: nginx + gunicorn), once on SQLite and
//           once with two gunicorns on a private PostgreSQL (STACK_DB=postgres STACK_INSTANCES=2).
// - one phase per other server dialect, each with its own build (VITE_AUTH_DIALECT) running dialect.test.mjs:
//           sliding and drf-jwt on the mock, then each on its real server (DIALECT=sliding: simplejwt's sliding
//           views; DIALECT=drf-jwt: djangorestframework-jwt 1.11 in its own environment), 3-second tokens,
//           a 30-second window.
// - cookie mode (the refresh token in an httpOnly cookie), its own build (VITE_REFRESH_TRANSPORT=cookie) running
//           cookie.test.mjs: on the mock (mock-cookie), and cookie.test.mjs and cookie-csrf.test.mjs on the production
//           stack (nginx + gunicorn) with REFRESH_TRANSPORT=cookie (django-cookie).
// E2E_PHASES=mock (or django, mock-sliding, mock-drf-jwt, django-sliding, django-drf-jwt, mock-cookie, django-cookie)
// runs those phases; E2E_FILES=a.test.mjs,b.test.mjs runs only those files (in the phases that run them);
// E2E_LANES=1 runs the phases one after the other.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startDjango } from '../../server/launch.mjs'
import { missingNginx, startStack } from '../../deploy/stack.mjs'
import { missingPostgres } from '../../server/postgres.mjs'
import { requireChrome } from './lib/chrome.mjs'
import { ROOT, runVite, startVite } from './lib/server.mjs'

/** Per test, unless the test sets its own: long enough for a 2-core CI machine, short enough to end a hang. */
const TEST_TIMEOUT_MS = 180_000
/** Run against the real server too (they read API traffic through lib/backend.mjs). */
const ON_BOTH = ['journey.test.mjs', 'session.test.mjs', 'revocation.test.mjs', 'remember-me.test.mjs', 'devices.test.mjs']
/** Also on the real server, against a production build with a 15-second idle lapse. */
const ON_BOTH_IDLE = ['idle.test.mjs']
/** Need the real stack (they start what they test). */
const DJANGO_ONLY = ['stack.test.mjs']
/**
 * The set-ups the stack tests run on: one gunicorn (two worker processes) on SQLite without a grace window, and two
 * gunicorns on a private PostgreSQL with the default one (30 s): parallel refreshes of one token, both ways.
 */
const STACK_SETUPS = [
  { STACK_DB: 'sqlite', STACK_INSTANCES: '1', REFRESH_GRACE_SECONDS: '0' },
  { STACK_DB: 'postgres', STACK_INSTANCES: '2', REFRESH_GRACE_SECONDS: '30' },
]
/** Run only in the dialect phases, against that dialect's build. */
const DIALECT_ONLY = ['dialect.test.mjs']
/** Run only in the cookie phases (the refresh token in an httpOnly cookie), against a cookie-mode build. */
const COOKIE_ONLY = ['cookie.test.mjs']
/** Cookie mode on the real server only: pages on other origins (the mock answers only the app's own pages). */
const COOKIE_DJANGO_ONLY = ['cookie-csrf.test.mjs']
/** Access tokens in the cookie phases: the 3 tabs × 60 s run on 4-second tokens. */
const COOKIE_ACCESS_SECONDS = 4
/** The Django server's grace window in the django phase: a reload's retry fits in it, a replay test waits it out. */
const DJANGO_GRACE_SECONDS = 5
/**
 * The Django server's window (REFRESH_SECONDS) in the sliding and drf-jwt phases: the 12 seconds of work fit in it
 * after a login and a second tab that can take ~10 s on a loaded 2-core machine (with 20 s, a CI run's tab
 * stopped showing the order list near the window's end).
 */
const DJANGO_WINDOW_SECONDS = 30

const started = performance.now()
const seconds = (/** @type {number} */ from) => `${((performance.now() - from) / 1000).toFixed(1)} s`
const chromePath = requireChrome()
console.log(`e2e: Chromium ${chromePath}`)

const onlyFiles = process.env.E2E_FILES?.split(',')
const allFiles = readdirSync(new URL('.', import.meta.url))
  .filter((name) => name.endsWith('.test.mjs') && (!onlyFiles || onlyFiles.includes(name)))
  .sort()
// Longest first, so the two lanes end together.
const phases = (process.env.E2E_PHASES ?? 'mock,django,django-cookie,django-sliding,django-drf-jwt,mock-cookie,mock-drf-jwt,mock-sliding').split(',')

/**
 * Each phase's own servers and folders, stopped and removed when it ends (two phases run side by side).
 * @typedef {Array<() => Promise<void>>} Cleanups
 */
/** @type {Set<Cleanups>} */
const running = new Set()
/** @param {Cleanups} cleanups */
const runCleanups = async (cleanups) => {
  while (cleanups.length) await cleanups.pop()?.()
}
const cleanUpAll = () => Promise.all([...running].map(runCleanups))
process.once('SIGINT', () => void cleanUpAll().then(() => process.exit(130)))
process.once('SIGTERM', () => void cleanUpAll().then(() => process.exit(143)))

/**
 * Writes a child's output line by line, each line under its phase's label (two phases run side by side).
 * @param {import('node:stream').Readable} from
 * @param {NodeJS.WriteStream} to
 * @param {string} label
 */
function prefixLines(from, to, label) {
  let rest = ''
  from.setEncoding('utf8')
  from.on('data', (/** @type {string} */ chunk) => {
    const lines = (rest + chunk).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) to.write(`[${label}] ${line}\n`)
  })
  from.on('end', () => rest && to.write(`[${label}] ${rest}\n`))
}

/**
 * node --test on the given files (one at a time) with this environment; resolves the exit code.
 * @param {string[]} files
 * @param {Record<string, string>} env
 * @param {string} label the phase, in front of each line of output
 * @returns {Promise<number>}
 */
function runTests(files, env, label) {
  // With no file, node --test would look for tests everywhere.
  if (!files.length) return Promise.resolve(0)
  return new Promise((resolveCode, reject) => {
    const child = spawn(
      process.execPath,
      ['--test', '--test-concurrency=1', `--test-timeout=${TEST_TIMEOUT_MS}`, ...files.map((name) => `tests/e2e/${name}`)],
      { cwd: ROOT, env: { ...process.env, CHROME_PATH: chromePath, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    prefixLines(child.stdout, process.stdout, label)
    prefixLines(child.stderr, process.stderr, label)
    child.on('error', reject)
    child.on('exit', (exitCode, signal) => resolveCode(exitCode ?? (signal ? 1 : 0)))
  })
}

/** @param {Cleanups} cleanups */
async function mockPhase(cleanups) {
  const buildStarted = performance.now()
  await runVite(['build', '--logLevel', 'warn'], { VITE_API_MOCK: 'true' })
  console.log(`e2e[mock]: demo build (dist-demo/) ${seconds(buildStarted)}`)
  const preview = await startVite({ mode: 'preview', args: ['--outDir', 'dist-demo'] })
  cleanups.push(preview.stop)
  console.log(`e2e[mock]: vite preview ${preview.url}`)
  const testsStarted = performance.now()
  const files = allFiles.filter((name) => ![...DJANGO_ONLY, ...DIALECT_ONLY, ...COOKIE_ONLY, ...COOKIE_DJANGO_ONLY].includes(name))
  const code = await runTests(files, { E2E_BASE_URL: preview.url, E2E_BACKEND: 'mock' }, 'mock')
  console.log(`e2e[mock]: tests ${seconds(testsStarted)}, exit ${code}`)
  await runCleanups(cleanups)
  return code
}

/** @param {Cleanups} cleanups */
async function djangoPhase(cleanups) {
  const missing = missingNginx() ?? missingPostgres()
  if (missing) {
    console.error(`e2e[django]: ${missing}`)
    return 1
  }
  const buildStarted = performance.now()
  await runVite(['build', '--logLevel', 'warn'], { VITE_API_MOCK: 'false' })
  console.log(`e2e[django]: production build (dist/) ${seconds(buildStarted)}`)
  const dataDir = await mkdtemp(join(tmpdir(), 'e2e-django-'))
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
  const django = await startDjango({ dataDir, fresh: true, env: { ACCESS_SECONDS: '3', ROTATE: '1', REFRESH_GRACE_SECONDS: String(DJANGO_GRACE_SECONDS) } })
  cleanups.push(django.stop)
  const preview = await startVite({ mode: 'preview', env: { API_PROXY_TARGET: django.url } })
  cleanups.push(preview.stop)
  console.log(`e2e[django]: Django (runserver, 3 s tokens, rotation, ${DJANGO_GRACE_SECONDS} s grace window) ${django.url}, vite preview ${preview.url}`)
  const testsStarted = performance.now()
  const env = { E2E_BACKEND: 'django', E2E_GRACE_SECONDS: String(DJANGO_GRACE_SECONDS) }
  let code = await runTests(allFiles.filter((name) => ON_BOTH.includes(name)), { ...env, E2E_BASE_URL: preview.url }, 'django')

  await runVite(['build', '--logLevel', 'warn', '--outDir', 'dist-idle'], { VITE_API_MOCK: 'false', VITE_IDLE_MINUTES: '0.25' })
  const idlePreview = await startVite({ mode: 'preview', args: ['--outDir', 'dist-idle'], env: { API_PROXY_TARGET: django.url } })
  cleanups.push(idlePreview.stop)
  console.log(`e2e[django]: production build with a 15 s idle lapse (dist-idle/), vite preview ${idlePreview.url}`)
  // Every group runs even after a failure (code ||= await … would skip the rest): one CI run shows them all.
  code = (await runTests(allFiles.filter((name) => ON_BOTH_IDLE.includes(name)), { ...env, E2E_BASE_URL: idlePreview.url }, 'django')) || code

  // The stack tests once per set-up: today's default, then two app servers on PostgreSQL. STACK_BUILD=0: they
  // serve the production build this phase made (dist/), not a second one of the same sources.
  for (const setup of STACK_SETUPS) {
    const stackStarted = performance.now()
    const stackEnv = { ...env, ...setup, STACK_BUILD: '0' }
    code = (await runTests(allFiles.filter((name) => DJANGO_ONLY.includes(name)), stackEnv, 'django')) || code
    console.log(`e2e[django]: stack tests with STACK_DB=${setup.STACK_DB} STACK_INSTANCES=${setup.STACK_INSTANCES} REFRESH_GRACE_SECONDS=${setup.REFRESH_GRACE_SECONDS} ${seconds(stackStarted)}`)
  }
  console.log(`e2e[django]: tests ${seconds(testsStarted)}, exit ${code}`)
  await runCleanups(cleanups)
  return code
}

/**
 * dialect.test.mjs against a build of one dialect: the demo build (mock), or the production build proxied to
 * Django in that dialect.
 * @param {'mock' | 'django'} backend
 * @param {'simplejwt-sliding' | 'drf-jwt'} dialect
 * @param {Cleanups} cleanups
 */
async function dialectPhase(backend, dialect, cleanups) {
  const name = `${backend}-${dialect}`
  const outDir = `dist-e2e-${name}`
  const buildStarted = performance.now()
  /** @type {Record<string, string>} */
  const buildEnv = { VITE_API_MOCK: String(backend === 'mock'), VITE_AUTH_DIALECT: dialect }
  // drf-jwt tokens don't carry the refresh window: the build is told the real server's (JWT_REFRESH_EXPIRATION_DELTA).
  if (backend === 'django' && dialect === 'drf-jwt') buildEnv.VITE_DRF_JWT_REFRESH_SECONDS = String(DJANGO_WINDOW_SECONDS)
  await runVite(['build', '--logLevel', 'warn', '--outDir', outDir], buildEnv)
  console.log(`e2e[${name}]: build (${outDir}/) ${seconds(buildStarted)}`)
  cleanups.push(() => rm(join(ROOT, outDir), { recursive: true, force: true }))
  /** @type {Record<string, string>} */
  const previewEnv = {}
  if (backend === 'django') {
    const dataDir = await mkdtemp(join(tmpdir(), 'e2e-django-'))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const serverDialect = dialect === 'drf-jwt' ? 'drf-jwt' : 'sliding'
    const env = { DIALECT: serverDialect, ACCESS_SECONDS: '3', REFRESH_SECONDS: String(DJANGO_WINDOW_SECONDS) }
    const django = await startDjango({ dataDir, fresh: true, env })
    cleanups.push(django.stop)
    previewEnv.API_PROXY_TARGET = django.url
    console.log(`e2e[${name}]: Django (DIALECT=${serverDialect}, 3 s tokens, ${DJANGO_WINDOW_SECONDS} s window) ${django.url}`)
  }
  const preview = await startVite({ mode: 'preview', args: ['--outDir', outDir], env: previewEnv })
  cleanups.push(preview.stop)
  const testsStarted = performance.now()
  const code = await runTests(DIALECT_ONLY, {
    E2E_BASE_URL: preview.url,
    E2E_BACKEND: backend,
    E2E_DIALECT: dialect,
    E2E_WINDOW_SECONDS: String(DJANGO_WINDOW_SECONDS),
  }, name)
  console.log(`e2e[${name}]: tests ${seconds(testsStarted)}, exit ${code}`)
  await runCleanups(cleanups)
  return code
}

/**
 * cookie.test.mjs against a cookie-mode build (VITE_REFRESH_TRANSPORT=cookie): the demo build on the mock in cookie
 * mode, or the production build on the production stack (nginx + gunicorn) with REFRESH_TRANSPORT=cookie; 4-second
 * access tokens.
 * @param {'mock' | 'django'} backend
 * @param {Cleanups} cleanups
 */
async function cookiePhase(backend, cleanups) {
  const name = `${backend}-cookie`
  const outDir = `dist-e2e-${name}`
  const buildStarted = performance.now()
  await runVite(['build', '--logLevel', 'warn', '--outDir', outDir], { VITE_API_MOCK: String(backend === 'mock'), VITE_REFRESH_TRANSPORT: 'cookie' })
  console.log(`e2e[${name}]: build (${outDir}/) ${seconds(buildStarted)}`)
  cleanups.push(() => rm(join(ROOT, outDir), { recursive: true, force: true }))
  /** @type {string} */
  let baseUrl
  if (backend === 'django') {
    // The production stack (nginx + gunicorn, two workers) serving this build: cookie mode as it is deployed.
    const dataDir = await mkdtemp(join(tmpdir(), 'e2e-django-'))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const env = { REFRESH_TRANSPORT: 'cookie', ACCESS_SECONDS: String(COOKIE_ACCESS_SECONDS), ROTATE: '1', REFRESH_GRACE_SECONDS: String(DJANGO_GRACE_SECONDS) }
    const stack = await startStack({ dist: join(ROOT, outDir), env, dataDir, fresh: true })
    cleanups.push(stack.stop)
    baseUrl = stack.url
    console.log(`e2e[${name}]: the stack (nginx + gunicorn, REFRESH_TRANSPORT=cookie, ${COOKIE_ACCESS_SECONDS} s tokens, rotation) ${stack.url}`)
  } else {
    const preview = await startVite({ mode: 'preview', args: ['--outDir', outDir] })
    cleanups.push(preview.stop)
    baseUrl = preview.url
  }
  const testsStarted = performance.now()
  const files = allFiles.filter((name) => COOKIE_ONLY.includes(name) || (backend === 'django' && COOKIE_DJANGO_ONLY.includes(name)))
  const code = await runTests(
    files,
    { E2E_BASE_URL: baseUrl, E2E_BACKEND: backend, E2E_ACCESS_SECONDS: String(COOKIE_ACCESS_SECONDS), E2E_GRACE_SECONDS: String(DJANGO_GRACE_SECONDS) },
    name,
  )
  console.log(`e2e[${name}]: tests ${seconds(testsStarted)}, exit ${code}`)
  await runCleanups(cleanups)
  return code
}

/** @type {Record<string, (cleanups: Cleanups) => Promise<number>>} */
const PHASES = {
  mock: mockPhase,
  django: djangoPhase,
  'mock-sliding': (cleanups) => dialectPhase('mock', 'simplejwt-sliding', cleanups),
  'mock-drf-jwt': (cleanups) => dialectPhase('mock', 'drf-jwt', cleanups),
  'django-sliding': (cleanups) => dialectPhase('django', 'simplejwt-sliding', cleanups),
  'django-drf-jwt': (cleanups) => dialectPhase('django', 'drf-jwt', cleanups),
  'mock-cookie': (cleanups) => cookiePhase('mock', cleanups),
  'django-cookie': (cleanups) => cookiePhase('django', cleanups),
}
for (const phase of phases) if (!PHASES[phase]) throw new Error(`E2E_PHASES: unknown phase ${phase}`)

/**
 * The phases in E2E_LANES lanes (default 2) side by side, each lane taking the next phase when one ends: the tests
 * mostly wait on tokens' lifetimes, so two lanes halve the time on a 2-core machine. Every phase has its own
 * servers on free ports, its own build folder and its own browser, and its output is labelled.
 */
const LANES = Math.max(1, Number(process.env.E2E_LANES) || 2)
const queue = [...phases]
let code = 0
async function lane() {
  for (let phase = queue.shift(); phase; phase = queue.shift()) {
    /** @type {Cleanups} */
    const cleanups = []
    running.add(cleanups)
    const phaseStarted = performance.now()
    try {
      const phaseCode = await PHASES[phase](cleanups)
      code ||= phaseCode
      console.log(`e2e[${phase}]: phase ${seconds(phaseStarted)}, exit ${phaseCode}`)
    } catch (error) {
      console.error(`e2e[${phase}]: failed`, error)
      code ||= 1
    } finally {
      await runCleanups(cleanups)
      running.delete(cleanups)
    }
  }
}
await Promise.all(Array.from({ length: LANES }, lane))
console.log(`e2e: total ${seconds(started)} in ${LANES} lanes, exit ${code}`)
process.exit(code)
