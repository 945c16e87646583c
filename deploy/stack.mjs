// `npm run stack`: the production set-up on this machine. Builds dist/, starts Django under gunicorn and nginx
// (deploy/nginx.conf, filled in, in a temporary folder: no system service is touched) on 127.0.0.1:$PORT (8080).
// STACK_DB=postgres STACK_INSTANCES=N: a private PostgreSQL cluster (server/postgres.mjs), migrated once, and N
// gunicorn instances behind nginx's upstream; the default (sqlite, 1) is one gunicorn on the SQLite file.
// Ctrl-C stops all of it. STACK_BUILD=0 serves the dist/ that is there.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { prepareServerCommand, runManage, startDjango } from '../server/launch.mjs'
import { missingPostgres, startPostgres } from '../server/postgres.mjs'
import { ROOT, freePort } from '../tests/e2e/lib/server.mjs'

const DEPLOY_DIR = fileURLToPath(new URL('.', import.meta.url))
const NGINX = process.env.NGINX_BIN || 'nginx'
const MIME_TYPES = '/etc/nginx/mime.types'
/** The upstream's `server` line of deploy/nginx.conf: one copy per app server. */
const UPSTREAM_SERVER_LINE = /^(\s*server\s+)\$\{DJANGO_UPSTREAM\}(.*)$/m

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

/** The main config around it: everything nginx writes stays in `prefix`; the access log names each request's upstream. */
function mainConf(/** @type {string} */ prefix) {
  const types = existsSync(MIME_TYPES)
    ? `include ${MIME_TYPES};`
    : 'types { text/html html; text/css css; application/javascript js mjs; application/json json; image/svg+xml svg; font/woff2 woff2; }'
  return `worker_processes 1;
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
 * One app server of the stack: gunicorn on its own port, which the load bench may kill and restart.
 * @typedef {object} AppInstance
 * @property {string} address 127.0.0.1:port, as nginx's upstream names it
 * @property {() => number} pid gunicorn's master (also its process group: the master and its workers)
 * @property {() => Promise<void>} kill SIGKILL to the whole process group, as a machine dying would; resolves once it is gone
 * @property {() => Promise<void>} restart starts it again on its port (without prepare); resolves once it answers
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
 * @property {Promise<string>} failed settles if nginx, an app server (not one killed on purpose) or PostgreSQL exits by itself, naming which
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
 */

/**
 * Starts the database (for postgres: a private cluster), migrates and seeds it once, then the app servers (gunicorn)
 * and nginx in front of them, serving `dist`.
 * @param {StartStackOptions} [options]
 * @returns {Promise<Stack>}
 */
export async function startStack({ port, dist = join(ROOT, 'dist'), env = {}, dataDir, fresh, database = 'sqlite', instances = 1, workers = 2 } = {}) {
  if (dist !== null && !existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run npm run build first`)
  if (!Number.isInteger(instances) || instances < 1) throw new Error(`instances must be a whole number of at least 1, not ${instances}`)
  // Several processes writing one SQLite file would queue on its lock: several app servers share a PostgreSQL.
  if (instances > 1 && database !== 'postgres') throw new Error('several app instances need PostgreSQL (STACK_DB=postgres)')
  const listenPort = port ?? (await freePort())
  const prefix = await mkdtemp(join(tmpdir(), 'vue-jwt-drf-nginx-'))
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
      ports.map((appPort) => startAppInstance({ port: appPort, env: serverEnv, dataDir, workers, onExit: () => failUnlessStopping(`Django (gunicorn on 127.0.0.1:${appPort})`) })),
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
    await writeFile(join(prefix, 'nginx.conf'), mainConf(prefix))
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
 * gunicorn on one port, restartable: `onExit` hears of an exit that was neither stop() nor kill().
 * @param {{ port: number, env: Record<string, string>, dataDir?: string, workers: number, onExit: () => void }} options
 * @returns {Promise<AppInstance & { stop: () => Promise<void> }>}
 */
async function startAppInstance({ port, env, dataDir, workers, onExit }) {
  const start = async () => {
    const server = await startDjango({ port, wsgi: 'gunicorn', workers, prepare: false, env, dataDir })
    let onPurpose = false
    void server.exited.then(() => {
      if (!onPurpose) onExit()
    })
    return { server, meanIt: () => (onPurpose = true) }
  }
  let current = await start()
  return {
    address: `127.0.0.1:${port}`,
    pid: () => current.server.pid,
    async kill() {
      current.meanIt()
      try {
        process.kill(-current.server.pid, 'SIGKILL')
      } catch {
        // already gone
      }
      await current.server.exited
    },
    async restart() {
      current = await start()
    },
    async stop() {
      current.meanIt()
      await current.server.stop()
    },
  }
}

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
  const stack = await startStack({ port: Number(process.env.PORT || 8080), ...setup })
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
  const which = await stack.failed
  if (!stopping) console.error(`${which} exited by itself; stopping the stack`)
  stopAndExit(1)
}
