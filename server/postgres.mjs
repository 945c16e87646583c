// A private PostgreSQL cluster for the stack, the tests and the load bench: Debian's server binaries run as an
// ordinary process (initdb in a temporary folder, postgres on a free loopback port, password authentication), as a
// non-root user, stopped by its PID. Nothing of the system's cluster or services is touched.
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../tests/e2e/lib/server.mjs'

/** Where Debian installs each major version's server binaries (initdb, postgres, psql). */
const DEBIAN_PG_ROOT = '/usr/lib/postgresql'
/** The cluster's superuser (also the owner of every database the project makes in it). */
const SUPERUSER = 'vue_jwt_drf'
/** The PostgreSQL server refuses to run as root: as root, it runs as this account (Debian's package makes it). */
const RUN_AS_WHEN_ROOT = 'postgres'
const INSTALL_LINE = 'apt-get install -y postgresql (as root)'

/** The machine lacks what a private cluster needs: `message` is the one line to show. */
export class PostgresMissingError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message)
    this.name = 'PostgresMissingError'
  }
}

/** The newest installed server's bin folder (Debian: /usr/lib/postgresql/<major>/bin), or null. */
export function postgresBinDir() {
  if (!existsSync(DEBIAN_PG_ROOT)) return null
  const majors = readdirSync(DEBIAN_PG_ROOT).filter((name) => /^\d+$/.test(name))
  const newest = majors.map(Number).sort((a, b) => b - a).find((major) => existsSync(join(DEBIAN_PG_ROOT, String(major), 'bin', 'initdb')))
  return newest === undefined ? null : join(DEBIAN_PG_ROOT, String(newest), 'bin')
}

/** The one line to show when this machine can't run a private cluster, or null. */
export function missingPostgres() {
  if (!postgresBinDir()) return `PostgreSQL's server is missing (no ${DEBIAN_PG_ROOT}/<version>/bin/initdb): ${INSTALL_LINE}.`
  if (process.getuid?.() === 0 && !accountIds(RUN_AS_WHEN_ROOT)) {
    return `PostgreSQL refuses to run as root and there is no '${RUN_AS_WHEN_ROOT}' account to run it as: ${INSTALL_LINE} makes one.`
  }
  return null
}

/** uid and gid of an account, or null when there is none. */
function accountIds(/** @type {string} */ name) {
  const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' })
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' })
  if (uid.status !== 0 || gid.status !== 0) return null
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
}

/**
 * Runs a program to its end; rejects with its output unless it exits 0.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 * @returns {Promise<string>} what it printed on stdout
 */
function run(command, args, options) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk) => (stdout += chunk))
    child.stderr?.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0) resolveRun(stdout)
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code}):\n${stdout}${stderr}`))
    })
  })
}

/**
 * Runs SQL through psql (from the server's bin folder) against a database URL; rejects on the first error.
 * @param {string} url e.g. postgres://user:password@127.0.0.1:5432/name
 * @param {string} sql
 * @returns {Promise<string>} psql's unaligned, tuples-only output
 */
export function psql(url, sql) {
  const bin = postgresBinDir()
  if (!bin) return Promise.reject(new PostgresMissingError(`psql is missing: ${INSTALL_LINE}.`))
  return run(join(bin, 'psql'), ['--no-psqlrc', '--quiet', '--tuples-only', '--no-align', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], {})
}

/** A database URL with another database name. */
export function withDatabase(/** @type {string} */ url, /** @type {string} */ database) {
  const next = new URL(url)
  next.pathname = `/${database}`
  return next.href
}

/**
 * A new database (a copy of `template` if given: the cheap way to start many databases from one migrated and
 * seeded one); resolves its URL. The template must have no open connection.
 * @param {string} adminUrl a URL of the cluster (any database of it) as a user who may create databases
 * @param {string} name letters, digits and _ only
 * @param {{ template?: string }} [options]
 */
export async function createDatabase(adminUrl, name, { template } = {}) {
  for (const identifier of [name, template ?? '']) {
    if (!/^[a-z0-9_]*$/.test(identifier)) throw new Error(`not a plain database name: ${identifier}`)
  }
  await psql(withDatabase(adminUrl, 'postgres'), `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`)
  return withDatabase(adminUrl, name)
}

/**
 * @typedef {object} PostgresCluster
 * @property {string} url the URL of its database `vue_jwt_drf` (owned by the superuser), with the password
 * @property {number} port on 127.0.0.1
 * @property {number} pid the postmaster's process id (also its process group id)
 * @property {(name: string, options?: { template?: string }) => Promise<string>} createDatabase resolves its URL
 * @property {(sql: string, database?: string) => Promise<string>} query runs SQL via psql (in `vue_jwt_drf` unless named)
 * @property {() => Promise<void>} stop fast shutdown, then removes the cluster's folder (safe to call twice)
 * @property {Promise<number | string | null>} exited settles when the postmaster exits (its code or signal)
 * @property {() => string} output the last 16000 characters the server logged
 */

/**
 * initdb in a new temporary folder, then the server on 127.0.0.1 (a free port unless given), in its own process
 * group; resolves once it accepts connections. As root, it runs as the `postgres` account.
 * @param {object} [options]
 * @param {number} [options.port]
 * @param {boolean} [options.durable] true: PostgreSQL's defaults (fsync, synchronous commits), as in production;
 *   false (tests): fsync, synchronous_commit and full_page_writes off, as PostgreSQL's docs advise for throwaway data
 * @param {number} [options.maxConnections] max_connections (100)
 * @param {number} [options.timeoutMs] how long to wait for it to accept connections (30 s)
 * @returns {Promise<PostgresCluster>}
 */
export async function startPostgres({ port, durable = false, maxConnections = 100, timeoutMs = 30_000 } = {}) {
  const missing = missingPostgres()
  if (missing) throw new PostgresMissingError(missing)
  const bin = /** @type {string} */ (postgresBinDir())
  const owner = process.getuid?.() === 0 ? /** @type {{ uid: number, gid: number }} */ (accountIds(RUN_AS_WHEN_ROOT)) : undefined
  const folder = await mkdtemp(join(tmpdir(), 'vue-jwt-drf-postgres-'))
  const dataDir = join(folder, 'data')
  const password = randomBytes(18).toString('base64url')
  const removeFolder = () => rm(folder, { recursive: true, force: true })
  try {
    await writeFile(join(folder, 'password'), `${password}\n`, { mode: 0o600 })
    if (owner) {
      await chown(folder, owner.uid, owner.gid)
      await chown(join(folder, 'password'), owner.uid, owner.gid)
    }
    /** @type {import('node:child_process').SpawnOptions} */
    const asOwner = { cwd: folder, ...owner, env: { ...process.env, LC_ALL: 'C.UTF-8' } }
    // --no-sync: the folder is thrown away anyway; scram-sha-256 on every connection, so the port is no open door.
    await run(join(bin, 'initdb'), ['-D', dataDir, '-U', SUPERUSER, `--pwfile=${join(folder, 'password')}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'], asOwner)
  } catch (error) {
    await removeFolder()
    throw error
  }

  const chosenPort = port ?? (await freePort())
  const settings = [
    ['listen_addresses', '127.0.0.1'],
    ['port', String(chosenPort)],
    ['unix_socket_directories', folder],
    ['max_connections', String(maxConnections)],
    ...(durable ? [] : [['fsync', 'off'], ['synchronous_commit', 'off'], ['full_page_writes', 'off']]),
  ]
  // detached: its own process group, so a terminal's Ctrl-C reaches the script that stops it in order, not it.
  const server = spawn(join(bin, 'postgres'), ['-D', dataDir, ...settings.flatMap(([name, value]) => ['-c', `${name}=${value}`])], {
    cwd: folder,
    ...owner,
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  /** @type {() => void} */
  let onReady = () => {}
  const ready = new Promise((resolveReady) => (onReady = () => resolveReady(undefined)))
  const keep = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString()).slice(-16_000)
    if (output.includes('database system is ready to accept connections')) onReady()
  }
  server.stdout?.on('data', keep)
  server.stderr?.on('data', keep)
  /** @type {Promise<number | string | null>} */
  const exited = new Promise((resolveExit) => server.once('exit', (code, signal) => resolveExit(signal ?? code)))
  const spawned = new Promise((resolveSpawn, reject) => {
    server.once('spawn', resolveSpawn)
    server.once('error', reject)
  })
  const running = () => server.exitCode === null && server.signalCode === null

  const stop = async () => {
    if (running()) server.kill('SIGINT') // fast shutdown: ends the sessions, writes a checkpoint
    const immediate = setTimeout(() => server.kill('SIGQUIT'), 10_000)
    const kill = setTimeout(() => {
      try {
        process.kill(-(/** @type {number} */ (server.pid)), 'SIGKILL')
      } catch {
        // the group is gone
      }
    }, 15_000)
    await exited
    clearTimeout(immediate)
    clearTimeout(kill)
    await removeFolder()
  }

  try {
    await spawned
    const timer = new Promise((resolveTimer) => setTimeout(resolveTimer, timeoutMs).unref())
    const how = await Promise.race([ready.then(() => 'ready'), exited.then(() => 'exited'), timer.then(() => 'timeout')])
    if (how !== 'ready') throw new Error(`PostgreSQL on 127.0.0.1:${chosenPort} ${how === 'exited' ? `exited (${server.exitCode ?? server.signalCode})` : `was not ready within ${timeoutMs} ms`}:\n${output}`)
    const adminUrl = `postgres://${SUPERUSER}:${password}@127.0.0.1:${chosenPort}/postgres`
    const url = await createDatabase(adminUrl, SUPERUSER)
    return {
      url,
      port: chosenPort,
      pid: /** @type {number} */ (server.pid),
      createDatabase: (name, options) => createDatabase(adminUrl, name, options),
      query: (sql, database = SUPERUSER) => psql(withDatabase(adminUrl, database), sql),
      stop,
      exited,
      output: () => output,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

