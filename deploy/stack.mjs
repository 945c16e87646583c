// `npm run stack`: the production set-up on this machine. Builds dist/, starts Django under gunicorn and nginx
// (deploy/nginx.conf, filled in, in a temporary folder: no system service is touched) on 127.0.0.1:$PORT (8080).
// Ctrl-C stops all of it. STACK_BUILD=0 serves the dist/ that is there.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { prepareServerCommand, startDjango } from '../server/launch.mjs'
import { ROOT, freePort } from '../tests/e2e/lib/server.mjs'

const DEPLOY_DIR = fileURLToPath(new URL('.', import.meta.url))
const NGINX = process.env.NGINX_BIN || 'nginx'
const MIME_TYPES = '/etc/nginx/mime.types'

/** The one line to show when nginx is missing, or null. */
export function missingNginx() {
  return spawnSync(NGINX, ['-v']).error ? `npm run stack needs nginx (${NGINX}), which this machine lacks: apt-get install -y nginx (as root).` : null
}

/**
 * deploy/nginx.conf with its placeholders filled in.
 * @param {{ listen: string, dist: string, djangoUpstream: string }} values
 */
export async function renderNginxConf(values) {
  const template = await readFile(join(DEPLOY_DIR, 'nginx.conf'), 'utf8')
  const filled = template
    .replaceAll('${LISTEN}', values.listen)
    .replaceAll('${DIST}', values.dist)
    .replaceAll('${DJANGO_UPSTREAM}', values.djangoUpstream)
  const left = /\$\{[A-Z_]+\}/.exec(filled)
  if (left) throw new Error(`deploy/nginx.conf: placeholder ${left[0]} has no value`)
  return filled
}

/** The main config around it: everything nginx writes stays in `prefix`. */
function mainConf(prefix) {
  const types = existsSync(MIME_TYPES)
    ? `include ${MIME_TYPES};`
    : 'types { text/html html; text/css css; application/javascript js mjs; application/json json; image/svg+xml svg; font/woff2 woff2; }'
  return `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 256; }
http {
    ${types}
    default_type application/octet-stream;
    access_log ${prefix}/access.log;
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
 * @typedef {object} Stack
 * @property {string} url
 * @property {() => Promise<void>} stop stops nginx and Django, removes the temporary folder (safe to call twice)
 * @property {Promise<string>} failed settles if nginx or Django exits by itself, naming which
 */

/**
 * Starts Django (gunicorn) and nginx in front of it, serving `dist`.
 * @param {{ port?: number, dist?: string, env?: Record<string, string>, dataDir?: string, fresh?: boolean }} [options]
 * @returns {Promise<Stack>}
 */
export async function startStack({ port, dist = join(ROOT, 'dist'), env = {}, dataDir, fresh } = {}) {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run npm run build first`)
  const listenPort = port ?? (await freePort())
  const django = await startDjango({ wsgi: 'gunicorn', env, dataDir, fresh })
  const prefix = await mkdtemp(join(tmpdir(), 'vue-jwt-drf-nginx-'))
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let nginx
  let output = ''
  const stop = async () => {
    if (nginx && nginx.exitCode === null && nginx.signalCode === null) {
      const exited = new Promise((resolveExit) => nginx?.once('exit', resolveExit))
      nginx.kill('SIGQUIT') // graceful: the master stops its workers
      const timer = setTimeout(() => nginx?.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    }
    await django.stop()
    await rm(prefix, { recursive: true, force: true })
  }
  try {
    await copyFile(join(DEPLOY_DIR, 'security-headers.conf'), join(prefix, 'security-headers.conf'))
    const site = await renderNginxConf({
      listen: `127.0.0.1:${listenPort}`,
      dist,
      djangoUpstream: new URL(django.url).host,
    })
    // nginx resolves a relative include against its config folder: security-headers.conf sits beside site.conf.
    await writeFile(join(prefix, 'site.conf'), site)
    await writeFile(join(prefix, 'nginx.conf'), mainConf(prefix))
    nginx = spawn(NGINX, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'], {
      // Its own process group: a terminal's Ctrl-C reaches this script, which stops nginx and then Django in order.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    nginx.stdout?.on('data', (chunk) => (output += chunk))
    nginx.stderr?.on('data', (chunk) => (output += chunk))
    const url = `http://127.0.0.1:${listenPort}`
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
      if (Date.now() > deadline) throw new Error(`nginx did not answer on ${url}:\n${output}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    const running = /** @type {import('node:child_process').ChildProcess} */ (nginx)
    const failed = Promise.race([
      new Promise((resolveExit) => running.once('exit', () => resolveExit('nginx'))),
      django.exited.then(() => 'Django'),
    ])
    return { url, stop, failed: /** @type {Promise<string>} */ (failed) }
  } catch (error) {
    await stop()
    throw error
  }
}

// `node deploy/stack.mjs`
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const nginxMissing = missingNginx()
  if (nginxMissing) {
    console.error(nginxMissing)
    process.exit(1)
  }
  prepareServerCommand()
  if (process.env.STACK_BUILD !== '0') {
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
    if (build.status !== 0) process.exit(build.status ?? 1)
  }
  const stack = await startStack({ port: Number(process.env.PORT || 8080) })
  console.log(`Production stack on ${stack.url} (nginx → gunicorn); Ctrl-C stops it.`)
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
