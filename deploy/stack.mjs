// `npm run stack`: the production set-up on this machine. Builds dist/, starts Django under gunicorn and nginx
// (deploy/nginx.conf, filled in, in a temporary folder: no system service is touched) on 127.0.0.1:$PORT (8080).
// STACK_DB=postgres STACK_INSTANCES=N: a private PostgreSQL cluster (server/postgres.mjs), migrated once, and N
// gunicorn instances behind nginx's upstream; the default (sqlite, 1) is one gunicorn on the SQLite file.
// An app server that dies (a crash, the OOM killer) is started again with a back-off while nginx routes around it;
// the stack stops as a whole only on Ctrl-C / SIGTERM, or when nginx or PostgreSQL dies. STACK_BUILD=0 serves the
// dist/ that is there.
import { spawn, spawnSync } from 'node:child_process'
import { setMaxListeners } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { prepareServerCommand, runManage, startDjango } from '../server/launch.mjs'
import { missingPostgres, startPostgres } from '../server/postgres.mjs'
import { ROOT, freePort } from '../tests/e2e/lib/server.mjs'

const DEPLOY_DIR = fileURLToPath(new URL('.', import.meta.url))
const NGINX = process.env.NGINX_BIN || 'nginx'
const MIME_TYPES = '/etc/nginx/mime.types'
/** The upstream's `server` line of deploy/nginx.conf: one copy per app server. */
const UPSTREAM_SERVER_LINE = /^(\s*server\s+)\$\{DJANGO_UPSTREAM\}(.*)$/m
/**
 * How long the stack waits before starting a dead app server again: the first wait, doubled after each start that
 * did not last, up to the longest; an instance that stayed up `stayedUpMs` starts from the first wait again.
 */
export const RESTART_BACKOFF = { firstMs: 500, longestMs: 10_000, stayedUpMs: 30_000 }

/** The one line to show when nginx is missing, or null. */
export function missingNginx() {
  return spawnSync(NGINX, ['-v']).error ? `npm run stack needs nginx (${NGINX}), which this machine lacks: apt-get install -y nginx (as root).` : null
}

/**
 * deploy/nginx.conf with its placeholders filled in: the upstream's `server` line once per app server.
 * @param {{ listen: string, dist: string, djangoUpstreams: string[] }} values
 */
export async function renderNginxConf(values) {
  const template = await readFile(join(DEPLOY_DIR, 'nginx.conf'), 'utf8')
  if (!UPSTREAM_SERVER_LINE.test(template)) throw new Error('deploy/nginx.conf: no `server ${DJANGO_UPSTREAM} ...;` line in the upstream')
  const filled = template
    .replace(UPSTREAM_SERVER_LINE, (_line, head, tail) => values.djangoUpstreams.map((address) => `${head}${address}${tail}`).join('\n'))
    .replaceAll('${LISTEN}', values.listen)
    .replaceAll('${DIST}', values.dist)
    .replaceAll('${DJANGO_UPSTREAM}', values.djangoUpstreams.join(', '))
  const left = /\$\{[A-Z_]+\}/.exec(filled)
  if (left) throw new Error(`deploy/nginx.conf: placeholder ${left[0]} has no value`)
  return filled
}

/**
 * The account nginx's workers run as when the stack is started as root (null otherwise: then they run as the
 * caller, who owns the temporary folder). Debian's own nginx.conf says `user www-data;`, and its temporary folders
 * (/var/lib/nginx/body, proxy, ...) are www-data's; without a `user` line a root nginx's workers are `nobody`.
 * @returns {{ user: string, group: string } | null}
 */
export function nginxWorkerUser() {
  if (process.getuid?.() !== 0) return null
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n').map((line) => line.split(':'))
  const account = passwd.find(([name]) => name === 'www-data') ?? passwd.find(([name]) => name === 'nobody')
  if (!account) throw new Error('npm run stack as root needs a www-data or nobody account for nginx\'s workers')
  const group = readFileSync('/etc/group', 'utf8').split('\n').map((line) => line.split(':')).find((fields) => fields[2] === account[3])?.[0]
  if (!group) throw new Error(`/etc/group has no group ${account[3]} (the primary group of ${account[0]})`)
  return { user: /** @type {string} */ (account[0]), group }
}

/**
 * The main config around it: everything nginx writes stays in `prefix`; the access log names each request's upstream.
 * A request body larger than client_body_buffer_size (8k/16k) goes to a file in client_body_temp_path, and a large
 * answer from gunicorn to proxy_temp_path, which the WORKER processes write: as root, the master makes these folders
 * and hands them to `user`, but they sit in `prefix`, which mkdtemp makes 0700 for root, so the workers could not
 * even enter it, and every body over 8 KB got nginx's 500 ("open() .../client_body/0000000001 failed (13:
 * Permission denied)"). So the workers run as a named account, and `prefix` lets them through (0711: they can
 * reach the folders nginx gave them, but list and read nothing else of it).
 * @param {string} prefix
 * @param {{ user: string, group: string } | null} worker
 */
function mainConf(prefix, worker) {
  const types = existsSync(MIME_TYPES)
    ? `include ${MIME_TYPES};`
    : 'types { text/html html; text/css css; application/javascript js mjs; application/json json; image/svg+xml svg; font/woff2 woff2; }'
  return `${worker ? `user ${worker.user} ${worker.group};\n` : ''}worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
    ${types}
    default_type application/octet-stream;
    log_format upstream '$remote_addr [$time_local] "$request" $status upstream=$upstream_addr upstream_status=$upstream_status time=$request_time';
    access_log ${prefix}/access.log upstream;
    sendfile on;
    client_body_temp_path ${prefix}/client_body;
    proxy_temp_path ${prefix}/proxy;
    fastcgi_temp_path ${prefix}/fastcgi;
    uwsgi_temp_path ${prefix}/uwsgi;
    scgi_temp_path ${prefix}/scgi;
    include ${prefix}/site.conf;
}
`
}

/**
 * One app server of the stack: gunicorn on its own port, started again by the stack whenever it dies.
 * @typedef {object} AppInstance
 * @property {string} address 127.0.0.1:port, as nginx's upstream names it
 * @property {() => number} pid gunicorn's master (also its process group: the master and its workers); after a death,
 *   the dead one's until the next one has started
 * @property {() => number} restarts how many times it has been started again after it died
 * @property {(count: number) => Promise<void>} restarted resolves once it has been started again more than `count`
 *   times and answers: `restarted(app.restarts())` before a kill resolves when it is back
 */

/**
 * @typedef {object} Stack
 * @property {string} url
 * @property {'sqlite' | 'postgres'} database
 * @property {AppInstance[]} instances
 * @property {string} accessLog nginx's access log: each request with the upstream that answered it
 * @property {number} nginxPid nginx's master (also its process group)
 * @property {number | null} postgresPid PostgreSQL's postmaster (also its process group), null on SQLite
 * @property {(args: string[]) => Promise<string>} manage `manage.py <args>` on the stack's database, e.g. ['purge']
 * @property {() => Promise<void>} stop stops nginx, the app servers and PostgreSQL, removes the temporary folders (safe to call twice)
 * @property {Promise<string>} failed settles if nginx or PostgreSQL exits by itself, naming which (an app server that
 *   dies is started again instead)
 */

/**
 * @typedef {object} StartStackOptions
 * @property {number} [port] nginx's, on 127.0.0.1 (a free one unless given)
 * @property {string | null} [dist] the built app nginx serves (dist/); null: the API alone (an empty folder)
 * @property {Record<string, string>} [env] the server's variables (over process.env), e.g. { ACCESS_SECONDS: '5', ROTATE: '1' }
 * @property {string} [dataDir] the SQLite database's folder (and the generated secret key's)
 * @property {boolean} [fresh] start from an empty database (always so on PostgreSQL: its cluster is new)
 * @property {'sqlite' | 'postgres'} [database] sqlite (the file) or postgres (a private cluster started with the stack)
 * @property {number} [instances] how many gunicorn instances (1); more need PostgreSQL
 * @property {number} [workers] gunicorn workers per instance (2)
 * @property {(line: string) => void} [log] hears what the stack does on its own: an app server died, is started
 *   again, is back (`npm run stack` prints it)
 */

/**
 * Starts the database (for postgres: a private cluster), migrates and seeds it once, then the app servers (gunicorn)
 * and nginx in front of them, serving `dist`.
 * @param {StartStackOptions} [options]
 * @returns {Promise<Stack>}
 */
export async function startStack({ port, dist = join(ROOT, 'dist'), env = {}, dataDir, fresh, database = 'sqlite', instances = 1, workers = 2, log = () => {} } = {}) {
  if (dist !== null && !existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run npm run build first`)
  if (!Number.isInteger(instances) || instances < 1) throw new Error(`instances must be a whole number of at least 1, not ${instances}`)
  // Several processes writing one SQLite file would queue on its lock: several app servers share a PostgreSQL.
  if (instances > 1 && database !== 'postgres') throw new Error('several app instances need PostgreSQL (STACK_DB=postgres)')
  const listenPort = port ?? (await freePort())
  const worker = nginxWorkerUser()
  const prefix = await mkdtemp(join(tmpdir(), 'vue-jwt-drf-nginx-'))
  // nginx's workers pass through to their temporary folders (mainConf).
  if (worker) await chmod(prefix, 0o711)
  /** @type {Array<() => Promise<void>>} */
  const stops = [() => rm(prefix, { recursive: true, force: true })]
  let stopped = false
  const stop = async () => {
    stopped = true
    while (stops.length) await stops.pop()?.()
  }
  /** @type {(which: string) => void} */
  let fail = () => {}
  /** @type {Promise<string>} */
  const failed = new Promise((resolveFailed) => (fail = resolveFailed))
  const failUnlessStopping = (/** @type {string} */ which) => {
    if (!stopped) fail(which)
  }

  try {
    /** @type {Record<string, string>} */
    // Its nginx is the one proxy the app servers believe about the client's address (X-Real-IP, the login lockout).
    const serverEnv = { TRUSTED_PROXIES: '127.0.0.1', ...env }
    /** @type {number | null} */
    let postgresPid = null
    if (database === 'postgres') {
      // Durable (fsync on) like a production database, though its folder goes with the stack.
      const cluster = await startPostgres({ durable: true })
      stops.push(cluster.stop)
      void cluster.exited.then(() => failUnlessStopping('PostgreSQL'))
      serverEnv.DATABASE_URL = cluster.url
      postgresPid = cluster.pid
    }
    const manage = (/** @type {string[]} */ args) => runManage(args, { env: serverEnv, dataDir })
    // Migrations and the seed run once, before any app server starts.
    await runManage(['prepare'], { env: serverEnv, dataDir, fresh })

    const ports = await Promise.all(Array.from({ length: instances }, () => freePort()))
    const starts = await Promise.allSettled(
      ports.map((appPort) => startAppInstance({ port: appPort, env: serverEnv, dataDir, workers, log })),
    )
    const apps = starts.flatMap((start) => (start.status === 'fulfilled' ? [start.value] : []))
    stops.push(() => Promise.all(apps.map((app) => app.stop())).then(() => undefined))
    const refused = starts.find((start) => start.status === 'rejected')
    if (refused) throw refused.reason

    let root = dist
    if (root === null) {
      root = join(prefix, 'empty')
      await mkdir(root)
    }
    await copyFile(join(DEPLOY_DIR, 'security-headers.conf'), join(prefix, 'security-headers.conf'))
    const site = await renderNginxConf({ listen: `127.0.0.1:${listenPort}`, dist: root, djangoUpstreams: apps.map((app) => app.address) })
    // nginx resolves a relative include against its config folder: security-headers.conf sits beside site.conf.
    await writeFile(join(prefix, 'site.conf'), site)
    await writeFile(join(prefix, 'nginx.conf'), mainConf(prefix, worker))
    const url = `http://127.0.0.1:${listenPort}`
    const nginx = await startNginx(prefix, url)
    stops.push(nginx.stop)
    void nginx.exited.then(() => failUnlessStopping('nginx'))
    return { url, database, instances: apps, accessLog: join(prefix, 'access.log'), nginxPid: nginx.pid, postgresPid, manage, stop, failed }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * gunicorn on one port, supervised as systemd's Restart=always would: when it dies without being stopped (a crash,
 * the OOM killer's SIGKILL), it is started again on the same port (nginx's upstream names it) after a back-off
 * (RESTART_BACKOFF: 0.5 s, doubled after each start that did not stay up, at most 10 s), and `log` hears each step.
 * Meanwhile nginx leaves it out (max_fails, fail_timeout) and passes what is safe to the other instances.
 * @param {{ port: number, env: Record<string, string>, dataDir?: string, workers: number, log: (line: string) => void }} options
 * @returns {Promise<AppInstance & { stop: () => Promise<void> }>}
 */
async function startAppInstance({ port, env, dataDir, workers, log }) {
  const address = `127.0.0.1:${port}`
  const stopping = new AbortController()
  // Each start of gunicorn listens to it (startDjango's `signal`): as many as the restarts.
  setMaxListeners(0, stopping.signal)
  const start = () => startDjango({ port, wsgi: 'gunicorn', workers, prepare: false, env, dataDir, signal: stopping.signal })
  let current = await start()
  let startedAt = performance.now()
  let restarts = 0
  /** @type {Array<{ count: number, resolve: () => void }>} */
  let waiting = []
  /** @type {Promise<unknown>} */
  let restarting = Promise.resolve()

  /** Waits, starts it again, and again with a longer wait, until it answers or the stack stops. */
  const restart = async (/** @type {number} */ firstDelayMs) => {
    const diedAt = performance.now()
    for (let delayMs = firstDelayMs; ; delayMs = Math.min(delayMs * 2, RESTART_BACKOFF.longestMs)) {
      await sleep(delayMs, undefined, { signal: stopping.signal })
      try {
        current = await start()
      } catch (error) {
        if (stopping.signal.aborted) throw error
        const why = String(error instanceof Error ? error.message : error).split('\n')[0]
        log(`gunicorn on ${address} did not start again (${why}); restarting in ${seconds(Math.min(delayMs * 2, RESTART_BACKOFF.longestMs))}`)
        continue
      }
      startedAt = performance.now()
      restarts += 1
      for (const waiter of waiting.filter(({ count }) => restarts > count)) waiter.resolve()
      waiting = waiting.filter(({ count }) => restarts <= count)
      log(`gunicorn on ${address} is back (pid ${current.pid}), ${seconds(performance.now() - diedAt)} after it died`)
      return delayMs
    }
  }

  let nextDelayMs = RESTART_BACKOFF.firstMs
  const watch = (/** @type {import('../server/launch.mjs').DjangoServer} */ server) => {
    void server.exited.then((how) => {
      if (stopping.signal.aborted) return
      // Its workers go with it (as systemd's control group would): one left behind would keep the port.
      try {
        process.kill(-server.pid, 'SIGKILL')
      } catch {
        // none was left
      }
      // A start that stayed up long enough resets the back-off; one that died soon after doubles it.
      if (performance.now() - startedAt >= RESTART_BACKOFF.stayedUpMs) nextDelayMs = RESTART_BACKOFF.firstMs
      const cause = typeof how === 'string' ? `signal ${how}` : `exit code ${how}`
      log(`gunicorn on ${address} died (${cause}, pid ${server.pid}); restarting in ${seconds(nextDelayMs)}`)
      restarting = restart(nextDelayMs).then(
        (delayMs) => {
          nextDelayMs = Math.min(delayMs * 2, RESTART_BACKOFF.longestMs)
          watch(current)
        },
        () => {}, // the stack stopped meanwhile
      )
    })
  }
  watch(current)

  return {
    address,
    pid: () => current.pid,
    restarts: () => restarts,
    restarted: (count) => (restarts > count ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve }))),
    async stop() {
      stopping.abort()
      await restarting
      await current.stop()
    },
  }
}

/** A wait in seconds, as the log says it: "0.5 s", "10 s". */
const seconds = (/** @type {number} */ ms) => `${Number((ms / 1000).toFixed(1))} s`

/**
 * Debian's nginx as an ordinary process with the config in `prefix`; resolves once it proxies to Django.
 * @param {string} prefix
 * @param {string} url
 */
async function startNginx(prefix, url) {
  const nginx = spawn(NGINX, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
    // Its own process group: a terminal's Ctrl-C reaches this script, which stops nginx and then Django in order.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  nginx.stdout?.on('data', (chunk) => (output += chunk))
  nginx.stderr?.on('data', (chunk) => (output += chunk))
  /** @type {Promise<number | string | null>} */
  const exited = new Promise((resolveExit) => nginx.once('exit', (code, signal) => resolveExit(signal ?? code)))
  const stop = async () => {
    if (nginx.exitCode === null && nginx.signalCode === null) {
      nginx.kill('SIGQUIT') // graceful: the master stops its workers
      const timer = setTimeout(() => nginx.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
  }
  const deadline = Date.now() + 20_000
  for (;;) {
    if (nginx.exitCode !== null) {
      const log = await readFile(join(prefix, 'error.log'), 'utf8').catch(() => '')
      throw new Error(`nginx exited (${nginx.exitCode}):\n${output}${log}`)
    }
    try {
      const response = await fetch(`${url}/api/me/`, { signal: AbortSignal.timeout(2000) })
      if (response.status === 401) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`nginx did not answer on ${url}:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { stop, exited, pid: /** @type {number} */ (nginx.pid) }
}

/**
 * The stack's set-up from the environment: STACK_DB (sqlite or postgres) and STACK_INSTANCES (1 or more).
 * @param {NodeJS.ProcessEnv} environment
 * @returns {{ database: 'sqlite' | 'postgres', instances: number }}
 */
export function stackSetup(environment) {
  const database = environment.STACK_DB || 'sqlite'
  if (database !== 'sqlite' && database !== 'postgres') throw new Error(`STACK_DB must be sqlite or postgres, not ${database}`)
  const instances = Number(environment.STACK_INSTANCES || 1)
  if (!Number.isInteger(instances) || instances < 1) throw new Error(`STACK_INSTANCES must be a whole number of at least 1, not ${environment.STACK_INSTANCES}`)
  if (instances > 1 && database !== 'postgres') throw new Error('STACK_INSTANCES above 1 needs STACK_DB=postgres: several app servers share one PostgreSQL, not a SQLite file')
  return { database, instances }
}

// `node deploy/stack.mjs`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  /** @type {{ database: 'sqlite' | 'postgres', instances: number }} */
  let setup
  try {
    setup = stackSetup(process.env)
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exit(2)
  }
  const missing = missingNginx() ?? (setup.database === 'postgres' ? missingPostgres() : null)
  if (missing) {
    console.error(missing)
    process.exit(1)
  }
  prepareServerCommand()
  if (process.env.STACK_BUILD !== '0') {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
    if (build.status !== 0) process.exit(build.status ?? 1)
  }
  const stack = await startStack({ port: Number(process.env.PORT || 8080), ...setup, log: (line) => console.log(line) })
  const apps = stack.instances.map((app) => `gunicorn ${app.address} (pid ${app.pid()})`).join(', ')
  const database = stack.postgresPid ? `PostgreSQL (a private cluster, gone with the stack; pid ${stack.postgresPid})` : 'SQLite'
  console.log(`${database}, ${apps}, nginx (pid ${stack.nginxPid})`)
  console.log(`nginx access log: ${stack.accessLog}`)
  console.log(`Production stack on ${stack.url} (nginx → ${setup.instances} × gunicorn); Ctrl-C stops it.`)
  let stopping = false
  const stopAndExit = (/** @type {number} */ code) => {
    if (stopping) return
    stopping = true
    void stack.stop().then(() => process.exit(code))
  }
  process.once('SIGINT', () => stopAndExit(0))
  process.once('SIGTERM', () => stopAndExit(0))
  // An app server that dies is started again (the log says so); nginx or PostgreSQL dying ends the stack.
  const which = await stack.failed
  if (!stopping) console.error(`${which} exited by itself; stopping the stack`)
  stopAndExit(1)
}
