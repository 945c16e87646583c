// Starts the Django backend (runserver or gunicorn) for people and for test harnesses; `npm run server`.
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { freePort } from '../tests/e2e/lib/server.mjs'

/** Debian's Python, which has python3-django & co. (the first `python3` on PATH may lack them). */
export const PYTHON = '/usr/bin/python3'
/** Absolute path of server/ (manage.py, the `backend` package). */
export const SERVER_DIR = fileURLToPath(new URL('.', import.meta.url))

/** Debian package → the Python module that proves it is installed. */
const PACKAGE_MODULES = {
  'python3-django': 'django',
  'python3-djangorestframework': 'rest_framework',
  'python3-djangorestframework-simplejwt': 'rest_framework_simplejwt',
  'python3-gunicorn': 'gunicorn',
}

export const APT_INSTALL_LINE = `apt-get install -y ${Object.keys(PACKAGE_MODULES).join(' ')}`

/**
 * The Debian packages the server needs that PYTHON cannot import (all of them if PYTHON is missing).
 * @returns {string[]}
 */
export function missingServerPackages() {
  // One interpreter start; each module is tried on its own so one failure doesn't hide the others.
  const probe = `import importlib, sys
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        print(name)`
  const result = spawnSync(PYTHON, ['-c', probe, ...Object.values(PACKAGE_MODULES)], { encoding: 'utf8' })
  if (result.error || result.status !== 0) return Object.keys(PACKAGE_MODULES)
  const missingModules = new Set(result.stdout.split('\n').filter(Boolean))
  return Object.entries(PACKAGE_MODULES)
    .filter(([, module]) => missingModules.has(module))
    .map(([pkg]) => pkg)
}

/**
 * Prints what is missing and how to install it, and exits 1, if any server package is missing.
 * @returns {void}
 */
export function requireServerPackages() {
  const missing = missingServerPackages()
  if (missing.length === 0) return
  console.error(`The Django backend needs Debian packages that ${PYTHON} cannot import: ${missing.join(', ')}.`)
  console.error(`Install them (as root): ${APT_INSTALL_LINE}`)
  process.exit(1)
}

/**
 * @typedef {object} DjangoServer
 * @property {string} url base URL, e.g. http://127.0.0.1:41234
 * @property {number} port
 * @property {number} pid the server's process id (also its process group id)
 * @property {() => Promise<void>} stop kills the server's process group and waits for it to exit (safe to call twice)
 * @property {() => string} output the last 16000 characters the server (and `prepare`) printed
 * @property {Promise<number | string | null>} exited settles when the server process exits (its code or signal)
 */

/**
 * @typedef {object} StartDjangoOptions
 * @property {number} [port] defaults to a free port
 * @property {Record<string, string>} [env] merged over process.env, e.g. { ACCESS_SECONDS: '3', ROTATE: '1' }
 * @property {'runserver' | 'gunicorn'} [wsgi] Django's development server or gunicorn with 2 workers
 * @property {boolean} [fresh] start from an empty database (SERVER_FRESH=1)
 * @property {string} [dataDir] keep the database (and the generated secret key) in this folder
 * @property {'pipe' | 'inherit'} [stdio] 'inherit' also shows the server's output; it is captured either way
 * @property {number} [timeoutMs] how long to wait for the server to answer (60 s)
 * @property {AbortSignal} [signal] aborting it stops the server (during startup: and startDjango rejects)
 */

/**
 * Runs `manage.py prepare` (migrate, seed), then the server in its own process group on 127.0.0.1; resolves
 * once `GET /api/me/` answers 401. Fails with the captured output if the server exits or does not answer.
 * @param {StartDjangoOptions} [options]
 * @returns {Promise<DjangoServer>}
 */
export async function startDjango({
  port,
  env = {},
  wsgi = 'runserver',
  fresh = false,
  dataDir,
  stdio = 'pipe',
  timeoutMs = 60_000,
  signal,
} = {}) {
  const chosenPort = port ?? (await freePort())
  /** @type {NodeJS.ProcessEnv} */
  const childEnv = { ...process.env, ...env, PORT: String(chosenPort), PYTHONUNBUFFERED: '1' }
  if (dataDir) childEnv.SERVER_DB = join(dataDir, 'db.sqlite3')
  if (fresh) childEnv.SERVER_FRESH = '1'

  let output = ''
  const keep = (/** @type {Buffer} */ chunk, /** @type {NodeJS.WriteStream} */ echo) => {
    output = (output + chunk.toString()).slice(-16_000)
    if (stdio === 'inherit') echo.write(chunk)
  }

  await new Promise((resolvePrepare, reject) => {
    const prepare = spawn(PYTHON, ['manage.py', 'prepare'], { cwd: SERVER_DIR, env: childEnv, signal })
    prepare.stdout.on('data', (chunk) => keep(chunk, process.stdout))
    prepare.stderr.on('data', (chunk) => keep(chunk, process.stderr))
    prepare.on('error', reject)
    prepare.on('close', (code, killedBy) => {
      if (code === 0) resolvePrepare(undefined)
      else reject(new Error(`manage.py prepare failed (${killedBy ?? code}):\n${output}`))
    })
  })

  const address = `127.0.0.1:${chosenPort}`
  const command =
    wsgi === 'gunicorn'
      ? ['-m', 'gunicorn', 'backend.wsgi:application', '--bind', address, '--workers', '2']
      : ['manage.py', 'runserver', '--noreload', address]
  // detached: its own process group, so stop() reaches gunicorn's workers and a terminal's Ctrl-C doesn't.
  const child = spawn(PYTHON, command, {
    cwd: SERVER_DIR,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk) => keep(chunk, process.stdout))
  child.stderr.on('data', (chunk) => keep(chunk, process.stderr))
  const spawned = new Promise((resolveSpawn, reject) => {
    child.once('spawn', resolveSpawn)
    child.once('error', reject)
  })
  /** @type {Promise<number | string | null>} */
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit(signal ?? code)))
  await spawned
  const pid = /** @type {number} */ (child.pid)
  const running = () => child.exitCode === null && child.signalCode === null

  const killGroup = (/** @type {NodeJS.Signals} */ signal) => {
    try {
      process.kill(-pid, signal)
    } catch {
      // the group is already gone
    }
  }
  const stop = async () => {
    if (running()) killGroup('SIGTERM')
    const timer = setTimeout(() => killGroup('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }

  signal?.addEventListener('abort', () => void stop(), { once: true })

  const url = `http://${address}`
  const deadline = Date.now() + timeoutMs
  while (running() && !signal?.aborted && Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/me/`, { signal: AbortSignal.timeout(2000) })
      if (response.status === 401) return { url, port: chosenPort, pid, stop, output: () => output, exited }
    } catch {
      // not listening yet
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 200))])
  }
  const why = signal?.aborted
    ? 'was stopped during startup'
    : running()
      ? `did not answer within ${timeoutMs} ms`
      : `exited (${child.signalCode ?? child.exitCode})`
  await stop()
  throw new Error(`Django ${wsgi} on ${url} ${why}:\n${output}`)
}

// `node server/launch.mjs`: runserver on 127.0.0.1:$PORT (8000) until Ctrl-C / SIGTERM.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  requireServerPackages()
  const interrupted = new AbortController()
  process.once('SIGINT', () => interrupted.abort())
  process.once('SIGTERM', () => interrupted.abort())
  const port = Number(process.env.PORT || 8000)
  /** @type {DjangoServer} */
  let server
  try {
    server = await startDjango({ port, stdio: 'inherit', signal: interrupted.signal })
  } catch (error) {
    if (!interrupted.signal.aborted) console.error(error instanceof Error ? error.message : error)
    process.exit(interrupted.signal.aborted ? 0 : 1)
  }
  console.log(`Django backend on ${server.url} (pid ${server.pid}); Ctrl-C stops it.`)
  const aborted = new Promise((resolveAbort) => interrupted.signal.addEventListener('abort', resolveAbort))
  const how = await Promise.race([server.exited, aborted])
  if (interrupted.signal.aborted) {
    await server.stop()
    process.exit(0)
  }
  console.error(`Django backend exited by itself (${how})`)
  process.exit(1)
}
