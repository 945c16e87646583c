// `npm run test:load`: short runs of `npm run bench:load` (a few users, a few seconds, 2-second access tokens so
// that sessions refresh) on two app servers sharing a private PostgreSQL. The full run is a benchmark, not a test.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { ROOT } from '../e2e/lib/server.mjs'

let folder = ''
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'bench-load-test-'))
})
after(() => rm(folder, { recursive: true, force: true }))

/**
 * Runs the bench with these arguments; resolves its JSON figures (the run's only result: its exit code also says
 * whether the benchmark's targets were met, which a short run doesn't decide).
 * @param {string} name
 * @param {string[]} args
 */
async function bench(name, args) {
  const json = join(folder, `${name}.json`)
  let output = ''
  const code = await new Promise((resolveCode, reject) => {
    const child = spawn(process.execPath, ['tests/bench/load.mjs', '--setups=postgres:2', '--access-seconds=2', `--json=${json}`, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('exit', (exitCode, signal) => resolveCode(signal ?? exitCode))
  })
  assert.ok(code === 0 || code === 1, `bench:load exited ${code}:\n${output}`)
  const { results } = JSON.parse(await readFile(json, 'utf8'))
  return { result: results[0], output }
}

test('bench:load, 4 users for 6 s on 2 instances: no error, no session lost, every kind of request, a purge', async () => {
  const { result, output } = await bench('smoke', ['--users=4', '--seconds=6', '--think-ms=200', '--throughput-seconds=1', '--throughput-connections=4'])
  const { report, tables } = result
  assert.equal(report.errors, 0, output)
  assert.deepEqual(report.sessions.userVisibleErrors, {}, output)
  assert.equal(report.sessions.sessionsLost, 0, output)
  assert.equal(report.sessions.refusedRefreshes, 0, output)
  assert.equal(report.sessions.unauthorizedAfterRefresh, 0, output)
  assert.ok(report.sessions.refreshes >= 4, `each session refreshed (2-second tokens):\n${output}`)
  const endpoints = report.endpoints.map((/** @type {{ endpoint: string }} */ row) => row.endpoint)
  for (const endpoint of ['POST /api/token/', 'POST /api/token/refresh/', 'GET /api/me/', 'GET /api/orders/', 'GET /api/orders/{id}/', 'POST /api/token/blacklist/']) {
    assert.ok(endpoints.includes(endpoint), `${endpoint} was requested:\n${output}`)
  }
  assert.ok(report.floorRps > 0 && report.ordersRps > 0, output)
  assert.match(tables.token_blacklist_outstandingtoken, /^\d+ → \d+$/)
  assert.match(output, /side by side/)
})

test('bench:load --kill-one: the instance dies and comes back; only requests that were on it fail, no read does', async () => {
  const { result, output } = await bench('kill', ['--kill-one', '--users=4', '--seconds=8', '--think-ms=100', '--restart-after=1', '--throughput-seconds=0'])
  const { report, kill } = result
  assert.match(kill.killed, /SIGKILL/, output)
  assert.match(kill.restarted, /answering/, output)
  // nginx passes a read that met the dead server to the other one, and the client retries what is safe to retry.
  const failed = Object.keys(report.sessions.userVisibleErrors)
  assert.deepEqual(failed.filter((key) => key.startsWith('GET ') || key.startsWith('PUT ')), [], output)
  // Without the grace window, a session is lost only where the dead server had carried out a refresh it never answered.
  assert.ok(report.sessions.sessionsLost <= report.sessions.refreshRetries, output)
})
