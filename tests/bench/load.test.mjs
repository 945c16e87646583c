// `npm run test:load`: short runs of `npm run bench:load` (a few users, a few seconds, 2-second access tokens so
// that sessions refresh) on two app servers sharing a private PostgreSQL, one of them with an app server killed
// from outside mid-load. The full run is a benchmark, not a test.
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

test('bench:load --kill-one: an instance SIGKILLed from outside mid-load is started again by the stack; no read fails, no session is lost', async () => {
  const { result, output } = await bench('kill', ['--kill-one', '--users=6', '--seconds=14', '--think-ms=100', '--throughput-seconds=0'])
  const { report, kill } = result
  // Its master and its (2) workers, each by pid; the stack heard of it only as a death.
  assert.match(kill.killed, /^127\.0\.0\.1:\d+: SIGKILL to pids \d+, \d+, \d+ /, output)
  const address = kill.killed.split(':').slice(0, 2).join(':')
  assert.ok(
    kill.stackLog.some((/** @type {string} */ line) => new RegExp(`^gunicorn on ${address} died \\(signal SIGKILL, pid \\d+\\); restarting in 0\\.5 s$`).test(line)),
    output,
  )
  assert.ok(kill.stackLog.some((/** @type {string} */ line) => line.startsWith(`gunicorn on ${address} is back (pid `)), output)
  assert.match(kill.restarted, /^by the stack as pid \d+, answering/, output)
  // nginx routes to it again once it is back (after fail_timeout).
  assert.ok(kill.servedAfterBack > 0, `nginx sent the instance nothing after it was back:\n${output}`)
  // nginx passes a read that met the dead server to the other one, and the client retries what is safe to retry.
  const failed = Object.keys(report.sessions.userVisibleErrors)
  assert.deepEqual(failed.filter((key) => key.startsWith('GET ') || key.startsWith('PUT ')), [], output)
  // A refresh that was on the dead server is sent again, and the grace window answers it with the same successor.
  assert.equal(report.sessions.sessionsLost, 0, output)
  assert.equal(report.sessions.refusedRefreshes, 0, output)
  assert.equal(report.sessions.healedRefreshes, report.sessions.refreshRetries, output)
})
