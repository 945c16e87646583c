// Starts the Django backend (runserver or gunicorn) for people and for test harnesses; `npm run server`.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { freePort } from '../tests/e2e/lib/server.mjs'
import { ensurePythonEnv, envNameForDialect, lockedVersions, requirePythonEnv } from './python-env.mjs'

/** Absolute path of server/ (manage.py, the `backend` package). */
export const SERVER_DIR = fileURLToPath(new URL('.', import.meta.url))

/** The dialect a server runs (DIALECT: pair, sliding or drf-jwt), from its environment or this process's. */
function dialectOf(/** @type {Record<string, string>} */ env) {
  return env.DIALECT ?? process.env.DIALECT ?? 'pair'
}

/**
 * One line naming what the server runs, from the lock file its environment is built from (a test checks that the
 * installed versions are the locked ones), e.g. "Django 5.2.19, DRF 3.18.3, simplejwt 5.5.1".
 * @param {string} [dialect]
 */
export function serverVersions(dialect = dialectOf({})) {
  const versions = lockedVersions(envNameForDialect(dialect))
  const tokens = dialect === 'drf-jwt' ? `djangorestframework-jwt ${versions['djangorestframework-jwt']}, PyJWT ${versions.pyjwt}` : `simplejwt ${versions['djangorestframework-simplejwt']}`
  return `Django ${versions.django}, DRF ${versions.djangorestframework}, ${tokens}`
}

/** For a command: prints what the server runs (its first line), then builds its environment or exits 1 saying why. */
export function prepareServerCommand() {
  const dialect = dialectOf({})
  console.log(`${serverVersions(dialect)} (dialect ${dialect})`)
  requirePythonEnv(envNameForDialect(dialect))
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
 * @property {'runserver' | 'gunicorn'} [wsgi] Django's development server or gunicorn
 * @property {number} [workers] gunicorn's worker processes (2)
 * @property {boolean} [prepare] run `manage.py prepare` first (true); false for the second and later app servers
 *   on one database, so that migrations run once
 * @property {boolean} [fresh] start from an empty database (SERVER_FRESH=1)
 * @property {string} [dataDir] keep the database (and the generated secret key) in this folder
 * @property {'pipe' | 'inherit'} [stdio] 'inherit' also shows the server's output; it is captured either way
 * @property {number} [timeoutMs] how long to wait for the server to answer (60 s)
 * @property {AbortSignal} [signal] aborting it stops the server (during startup: and startDjango rejects)
 */

/**
 * The environment a server process of these options runs with.
 * @param {{ env?: Record<string, string>, dataDir?: string, fresh?: boolean, port?: number }} options
 * @returns {NodeJS.ProcessEnv}
 */
function serverEnv({ env = {}, dataDir, fresh = false, port }) {
  /** @type {NodeJS.ProcessEnv} */
  const childEnv = { ...process.env, ...env, PYTHONUNBUFFERED: '1' }
  if (port !== undefined) childEnv.PORT = String(port)
  if (dataDir) childEnv.SERVER_DB = join(dataDir, 'db.sqlite3')
  if (fresh) childEnv.SERVER_FRESH = '1'
  return childEnv
}

/**
 * Runs `manage.py <args>` in the server's environment (built first if needed) with the options' database and
 * variables, e.g. ['prepare'] or ['purge']; resolves what it printed, rejects with it unless it exits 0.
 * @param {string[]} args
 * @param {{ env?: Record<string, string>, dataDir?: string, fresh?: boolean, signal?: AbortSignal, onOutput?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void }} [options]
 * @returns {Promise<string>}
 */
export function runManage(args, { env = {}, dataDir, fresh, signal, onOutput } = {}) {
  const python = ensurePythonEnv(envNameForDialect(dialectOf(env)))
  return new Promise((resolveRun, reject) => {
    let output = ''
    const child = spawn(python, ['manage.py', ...args], { cwd: SERVER_DIR, env: serverEnv({ env, dataDir, fresh }), signal })
    child.stdout.on('data', (chunk) => {
      output += chunk
      onOutput?.(chunk, 'stdout')
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
      onOutput?.(chunk, 'stderr')
    })
    child.on('error', reject)
    child.on('close', (code, killedBy) => {
      if (code === 0) resolveRun(output)
      else reject(new Error(`manage.py ${args.join(' ')} failed (${killedBy ?? code}):\n${output.slice(-16_000)}`))
    })
  })
}

/**
 * Builds the dialect's Python environment if needed (throws PythonEnvError when the machine can't), runs
 * `manage.py prepare` (migrate, seed) unless told not to, then the server in its own process group on 127.0.0.1;
 * resolves once `GET /api/me/` answers 401. Fails with the captured output if the server exits or does not answer.
 * @param {StartDjangoOptions} [options]
 * @returns {Promise<DjangoServer>}
 */
export async function startDjango({
  port,
  env = {},
  wsgi = 'runserver',
  workers = 2,
  prepare = true,
  fresh = false,
  dataDir,
  stdio = 'pipe',
  timeoutMs = 60_000,
  signal,
} = {}) {
  const python = ensurePythonEnv(envNameForDialect(dialectOf(env)))
  const chosenPort = port ?? (await freePort())
  const childEnv = serverEnv({ env, dataDir, fresh, port: chosenPort })

  let output = ''
  const keep = (/** @type {Buffer} */ chunk, /** @type {'stdout' | 'stderr'} */ stream) => {
    output = (output + chunk.toString()).slice(-16_000)
    if (stdio === 'inherit') process[stream].write(chunk)
  }

  if (prepare) await runManage(['prepare'], { env, dataDir, fresh, signal, onOutput: keep })

  const address = `127.0.0.1:${chosenPort}`
  const command =
    wsgi === 'gunicorn'
      ? ['-m', 'gunicorn', 'backend.wsgi:application', '--bind', address, '--workers', String(workers)]
      : ['manage.py', 'runserver', '--noreload', address]
  // detached: its own process group, so stop() reaches gunicorn's workers and a terminal's Ctrl-C doesn't.
  const child = spawn(python, command, {
    cwd: SERVER_DIR,
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk) => keep(chunk, 'stdout'))
  child.stderr.on('data', (chunk) => keep(chunk, 'stderr'))
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
  prepareServerCommand()
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
