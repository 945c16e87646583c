// `node server/with-postgres.mjs <command...>`: runs a command with DATABASE_URL pointing at a private PostgreSQL
// cluster (server/postgres.mjs) started for it and stopped after it, e.g. `npm run test:server:postgres`
// (the server's tests on PostgreSQL) or `node server/with-postgres.mjs npm run server`. Exits with the command's code.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { startPostgres, PostgresMissingError } from './postgres.mjs'

const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error('usage: node server/with-postgres.mjs <command> [arguments...]')
  process.exit(2)
}

const started = performance.now()
/** @type {import('./postgres.mjs').PostgresCluster} */
let cluster
try {
  cluster = await startPostgres()
} catch (error) {
  console.error(error instanceof PostgresMissingError ? error.message : error)
  process.exit(1)
}
console.log(`PostgreSQL: a private cluster on 127.0.0.1:${cluster.port} (pid ${cluster.pid}), ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)

const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, DATABASE_URL: cluster.url } })
// A terminal's Ctrl-C reaches the command itself (same process group); a SIGTERM to this script is passed on.
process.on('SIGINT', () => {})
process.on('SIGTERM', () => child.kill('SIGTERM'))
const code = await new Promise((resolveCode) => {
  child.on('error', (error) => {
    console.error(error.message)
    resolveCode(1)
  })
  child.on('exit', (exitCode, signal) => resolveCode(exitCode ?? (signal ? 1 : 0)))
})
await cluster.stop()
process.exit(code)
