// `npm run bench:load`: a load test of real sessions through the production stack, one set-up after another on this
// machine: 1 gunicorn on SQLite, then 2 gunicorns on a private PostgreSQL (deploy/stack.mjs, the API alone). Each:
// V virtual users with their own accounts, 5-second access tokens with rotation (refreshes all the time), D seconds
// of browsing like the app, a throughput phase (the authenticated order list against DRF's floor, GET /api/health/),
// logout; then `manage.py purge` with the token tables' rows before and after. Prints per endpoint requests, req/s,
// p50/p95/p99 and errors, per session refreshes, refused refreshes, 401s after a refresh and sessions lost, the two
// set-ups side by side, and the targets (exit 1 when one is missed, like bench:lighthouse).
// --kill-one: SIGKILL halfway to one app instance's gunicorn master and each of its workers, by process id from
// outside (as the OOM killer would; found in /proc, not through the stack's API), on set-ups with 2+ instances: nginx
// routes around it and the stack starts it again by itself; the bench says when it was back and how many requests
// nginx gave it again.
// --url=http://host:port: against a running server instead (its accounts made first: manage.py seedloadusers).
// `npm run bench:load -- --help` lists the options.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { missingNginx, startStack } from '../../deploy/stack.mjs'
import { prepareServerCommand } from '../../server/launch.mjs'
import { missingPostgres } from '../../server/postgres.mjs'
import { cpuMsByGroup } from './load/cpu.mjs'
import { killTree } from './load/processes.mjs'
import { AUTHENTICATED_READS, runLoad } from './load/run.mjs'

const PASSWORD = 'load-bench-password'
const TARGETS = { readsP99Ms: 100, ratio: 0.7 }

const { values: options } = parseArgs({
  options: {
    setups: { type: 'string' },
    url: { type: 'string' },
    users: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    'think-ms': { type: 'string', default: '1000' },
    'access-seconds': { type: 'string', default: '5' },
    'refresh-seconds': { type: 'string', default: '30' },
    'throughput-seconds': { type: 'string', default: '5' },
    'throughput-connections': { type: 'string', default: '16' },
    'kill-one': { type: 'boolean', default: false },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})

if (options.help) {
  console.log(`npm run bench:load -- [options]
  --setups=sqlite:1,postgres:2   database:instances, run one after the other (with --kill-one: postgres:2)
  --url=http://127.0.0.1:8080    a running server instead (accounts first: manage.py seedloadusers N --password ${PASSWORD})
  --users=50 --seconds=60        virtual users, seconds of browsing
  --think-ms=1000                mean pause between a user's actions (each 0.5-1.5 x), and before the first
  --access-seconds=5             ACCESS_SECONDS of the stacks (rotation on): refreshes all the time
  --refresh-seconds=30           REFRESH_SECONDS: the tokens spent early in the run have expired when the purge runs
  --throughput-seconds=5         each of 4 throughput rounds (floor, orders, floor, orders); 0 skips them
  --throughput-connections=16    requests in flight in the throughput rounds
  --kill-one                     SIGKILL one app instance (its master and workers, by pid) halfway; the stack restarts it
  --json=file                    also write the figures as JSON`)
  process.exit(0)
}

const number = (/** @type {string | undefined} */ text, /** @type {string} */ name) => {
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, not ${text}`)
  return value
}
const users = number(options.users, 'users')
const seconds = number(options.seconds, 'seconds')
/** How long the bench waits for the killed instance to be back (the stack's first back-off is 0.5 s). */
const BACK_WITHIN_MS = 60_000
const loadOptions = {
  users,
  password: PASSWORD,
  seconds,
  thinkMs: number(options['think-ms'], 'think-ms'),
  throughputSeconds: number(options['throughput-seconds'], 'throughput-seconds'),
  throughputConnections: number(options['throughput-connections'], 'throughput-connections'),
}

/** @typedef {{ name: string, database: 'sqlite' | 'postgres', instances: number }} Setup */
/** @type {Setup[]} */
const setups = (options.setups ?? (options['kill-one'] ? 'postgres:2' : 'sqlite:1,postgres:2')).split(',').map((text) => {
  const [database, count = '1'] = text.split(':')
  if (database !== 'sqlite' && database !== 'postgres') throw new Error(`--setups: sqlite or postgres, not ${database}`)
  return { name: `${database} ×${count}`, database, instances: Number(count) }
})

/**
 * Table rows of a purge's output ("table: 10 -> 4 rows").
 * @param {string} output
 */
function purgedRows(output) {
  return Object.fromEntries([...output.matchAll(/^(\S+): (\d+) -> (\d+) rows$/gm)].map(([, table, before, after]) => [table, `${before} → ${after}`]))
}

const machine = () => `load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} (${cpus().length} cores)`

/** @type {(() => Promise<void>) | null} */
let stopCurrent = null
const interrupted = () => void (stopCurrent?.() ?? Promise.resolve()).then(() => process.exit(130))
process.once('SIGINT', interrupted)
process.once('SIGTERM', interrupted)

/**
 * One set-up: its stack, its accounts, the load (and the kill), the purge.
 * @param {Setup} setup
 */
async function benchSetup(setup) {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-load-'))
  const env = { ACCESS_SECONDS: options['access-seconds'] ?? '5', REFRESH_SECONDS: options['refresh-seconds'] ?? '30', ROTATE: '1' }
  const started = performance.now()
  /** @type {string[]} */
  const stackLog = []
  const stack = await startStack({ dist: null, database: setup.database, instances: setup.instances, env, dataDir, fresh: true, log: (line) => stackLog.push(line) })
  stopCurrent = async () => {
    await stack.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    await stack.manage(['seedloadusers', String(users), '--password', PASSWORD])
    console.log(`\n${setup.name}: stack on ${stack.url} (${stack.instances.map((app) => app.address).join(', ')}) up in ${((performance.now() - started) / 1000).toFixed(1)} s; ${machine()}`)
    /** @type {Record<string, string | number | string[]>} */
    const kill = {}
    const victim = stack.instances.at(-1)
    /** The access log's length when the victim was back: what nginx sent it afterwards is counted from there. */
    let logAtBack = -1
    const midway =
      options['kill-one'] && setup.instances > 1 && victim
        ? {
            atMs: (seconds * 1000) / 2,
            run: async () => {
              const restarts = victim.restarts()
              const at = performance.now()
              // As an operator (or the OOM killer) would: the master's id, its workers from /proc, SIGKILL to each.
              const killed = killTree(victim.pid())
              kill.killed = `${victim.address}: SIGKILL to pids ${killed.join(', ')} (master and workers) at ${(seconds / 2).toFixed(0)} s`
              const late = AbortSignal.timeout(BACK_WITHIN_MS)
              await Promise.race([
                victim.restarted(restarts),
                new Promise((_resolve, reject) => late.addEventListener('abort', () => reject(new Error(`${victim.address} was not back within ${BACK_WITHIN_MS / 1000} s:\n${stackLog.join('\n')}`)))),
              ])
              logAtBack = (await stat(stack.accessLog)).size
              kill.restarted = `by the stack as pid ${victim.pid()}, answering ${((performance.now() - at) / 1000).toFixed(1)} s after the kill`
            },
          }
        : undefined
    const groups = {
      nginx: [stack.nginxPid],
      gunicorn: stack.instances.map((app) => app.pid()),
      ...(stack.postgresPid ? { postgres: [stack.postgresPid] } : {}),
    }
    const report = await runLoad({ baseUrl: stack.url, ...loadOptions, midway, cpuMs: () => cpuMsByGroup({ ...groups, gunicorn: stack.instances.map((app) => app.pid()) }) })
    if (victim && logAtBack >= 0) {
      const after = (await readFile(stack.accessLog)).subarray(logAtBack).toString('utf8').split('\n')
      kill.servedAfterBack = after.filter((line) => line.includes(` upstream=${victim.address} upstream_status=2`)).length
      kill.stackLog = [...stackLog]
    }
    const purge = await stack.manage(['purge'])
    return { setup, report, kill, tables: purgedRows(purge), machine: machine() }
  } finally {
    await stopCurrent()
    stopCurrent = null
  }
}

const missing = missingNginx() ?? (setups.some((setup) => setup.database === 'postgres') && !options.url ? missingPostgres() : null)
if (missing && !options.url) {
  console.error(missing)
  process.exit(1)
}
if (!options.url) prepareServerCommand()
console.log(`bench:load — ${users} users, ${seconds} s of browsing (pause ${loadOptions.thinkMs} ms), access ${options['access-seconds']} s with rotation; ${machine()}`)

/** @type {Array<Awaited<ReturnType<typeof benchSetup>>>} */
const results = []
if (options.url) {
  const report = await runLoad({ baseUrl: options.url, ...loadOptions })
  results.push({ setup: { name: options.url, database: 'postgres', instances: 0 }, report, kill: {}, tables: {}, machine: machine() })
} else {
  for (const setup of setups) results.push(await benchSetup(setup))
}

for (const { setup, report, kill } of results) {
  console.log(`\n== ${setup.name}: logins ${report.loginSeconds} s, browsing ${report.seconds} s`)
  console.table(report.endpoints)
  if (report.throughput.length) {
    console.log(`${setup.name}: throughput phase (${loadOptions.throughputConnections} in flight, no pause; the refreshes during the order list's rounds)`)
    console.table(report.throughput)
    console.log(`${setup.name}: CPU ms per request in the throughput phase, by part of the stack`)
    console.table(report.cpuPerRequest)
  }
  if (Object.keys(kill).length) {
    console.log(`${setup.name}: killed ${kill.killed}; restarted ${kill.restarted}; nginx sent it ${kill.servedAfterBack} requests afterwards`)
    console.log(`${setup.name}: the stack's log:\n  ${/** @type {string[]} */ (kill.stackLog ?? []).join('\n  ')}`)
  }
}

const column = (/** @type {(result: (typeof results)[number]) => unknown} */ read) => Object.fromEntries(results.map((result) => [result.setup.name, read(result)]))
const tables = [...new Set(results.flatMap((result) => Object.keys(result.tables)))]
const sideBySide = {
  'virtual users': column((r) => r.report.users),
  'requests (browsing)': column((r) => r.report.endpoints.reduce((sum, row) => sum + row.requests, 0)),
  'req/s (browsing)': column((r) => Number((r.report.endpoints.reduce((sum, row) => sum + row.requests, 0) / r.report.seconds).toFixed(1))),
  'p99 authenticated reads, ms': column((r) => r.report.readsP99),
  'failed attempts (any status ≥ 400, no answer)': column((r) => r.report.errors),
  'user-visible errors': column((r) => JSON.stringify(r.report.sessions.userVisibleErrors)),
  logins: column((r) => r.report.sessions.logins),
  refreshes: column((r) => r.report.sessions.refreshes),
  'refused refreshes': column((r) => r.report.sessions.refusedRefreshes),
  'refresh retries (healed)': column((r) => `${r.report.sessions.refreshRetries} (${r.report.sessions.healedRefreshes})`),
  'request retries': column((r) => r.report.sessions.requestRetries),
  '401 after a successful refresh': column((r) => r.report.sessions.unauthorizedAfterRefresh),
  'sessions lost': column((r) => r.report.sessions.sessionsLost),
  'floor GET /api/health/ req/s': column((r) => r.report.floorRps),
  'authenticated GET /api/orders/ req/s': column((r) => r.report.ordersRps),
  'ratio orders / floor': column((r) => r.report.ratio),
  ...Object.fromEntries(tables.map((table) => [`${table} rows (purge)`, column((r) => r.tables[table] ?? '')])),
  machine: column((r) => r.machine),
}
console.log('\nside by side')
console.table(sideBySide)

// The figures for 2+ instances on PostgreSQL; the others are shown for comparison.
const checked = results.filter((result) => result.setup.database === 'postgres')
const misses = checked.flatMap(({ setup, report }) => [
  ...(report.errors === 0 && Object.keys(report.sessions.userVisibleErrors).length === 0 ? [] : options['kill-one'] ? [] : [`${setup.name}: ${report.errors} failed attempts`]),
  ...(report.sessions.sessionsLost === 0 ? [] : [`${setup.name}: ${report.sessions.sessionsLost} sessions lost`]),
  ...(options['kill-one'] || report.readsP99 <= TARGETS.readsP99Ms ? [] : [`${setup.name}: p99 of ${AUTHENTICATED_READS.join(', ')} ${report.readsP99} ms > ${TARGETS.readsP99Ms} ms`]),
  ...(report.ratio === null || options['kill-one'] || report.ratio >= TARGETS.ratio ? [] : [`${setup.name}: order list / floor ${report.ratio} < ${TARGETS.ratio}`]),
])
if (options.json) await writeFile(options.json, JSON.stringify({ options: loadOptions, results }, null, 2))
console.log(misses.length ? `\ntargets missed:\n  ${misses.join('\n  ')}` : `\ntargets met (${checked.map((result) => result.setup.name).join(', ')})`)
process.exit(misses.length ? 1 : 0)
