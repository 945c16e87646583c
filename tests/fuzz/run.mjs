// `npm run test:fuzz`: schemathesis fuzzes the running Django server of each dialect from its committed OpenAPI
// schema (server/schema/<dialect>.yaml), authenticated as demo (tests/fuzz/hooks.py), and fails on any server error
// or any answer the schema doesn't describe (status, content type, body, headers). pair and sliding run on a private
// PostgreSQL cluster; drf-jwt on SQLite (its environment, Django 3.2, has no PostgreSQL driver).
// Bounded: FUZZ_EXAMPLES test cases per operation and phase (default 25), a fixed seed (FUZZ_SEED, 23), so a run is
// repeatable; FUZZ_DIALECTS=pair,sliding picks dialects; FUZZ_REPORT_DIR keeps schemathesis' ndjson reports. Prints per dialect: operations, test cases, failures, time.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { startDjango } from '../../server/launch.mjs'
import { startPostgres } from '../../server/postgres.mjs'
import { requirePythonEnv } from '../../server/python-env.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const EXAMPLES = process.env.FUZZ_EXAMPLES ?? '25'
const SEED = process.env.FUZZ_SEED ?? '23'
const DIALECTS = (process.env.FUZZ_DIALECTS ?? 'pair,sliding,drf-jwt').split(',')
const LOGIN = {
  pair: { path: '/api/token/', key: 'access' },
  sliding: { path: '/api/token/', key: 'token' },
  'drf-jwt': { path: '/api/api-token-auth/', key: 'token' },
}
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'unsupported_method',
  'ignored_auth',
].join(',')

const python = requirePythonEnv('fuzz')
const schemathesis = join(python, '..', 'schemathesis')
const work = mkdtempSync(join(tmpdir(), 'vue-jwt-drf-fuzz-'))
const needsPostgres = DIALECTS.some((dialect) => dialect !== 'drf-jwt')
const cluster = needsPostgres ? await startPostgres() : undefined
/** @type {string[]} */
const figures = []
let failed = false
try {
  for (const dialect of DIALECTS) {
    const login = LOGIN[/** @type {keyof typeof LOGIN} */ (dialect)]
    if (!login) throw new Error(`FUZZ_DIALECTS: unknown dialect ${dialect}`)
    const database = dialect === 'drf-jwt' ? { dataDir: join(work, dialect) } : { env: { DATABASE_URL: await /** @type {NonNullable<typeof cluster>} */ (cluster).createDatabase(`fuzz_${dialect}`) } }
    const server = await startDjango({
      wsgi: 'gunicorn',
      workers: 2,
      fresh: true,
      dataDir: database.dataDir,
      // The lockout off (0): the fuzzer's thousands of wrong logins would lock the address, and the hook's own
      // login with it. The 429 is still in the schema, and the lockout's own tests cover it.
      env: { DIALECT: dialect, LOGIN_FAILURE_LIMIT: '0', LOGIN_ADDRESS_FAILURE_LIMIT: '0', ...database.env },
    })
    const report = join(process.env.FUZZ_REPORT_DIR ?? work, `${dialect}.ndjson`)
    const started = performance.now()
    try {
      const args = [
        'run',
        join(ROOT, 'server', 'schema', `${dialect}.yaml`),
        '--url',
        server.url,
        '--checks',
        CHECKS,
        '--phases',
        'examples,coverage,fuzzing',
        '--max-examples',
        EXAMPLES,
        '--seed',
        SEED,
        '--workers',
        '2',
        '--request-timeout',
        '30',
        '--report',
        'ndjson',
        '--report-ndjson-path',
        report,
      ]
      console.log(`\nfuzz ${dialect}: schemathesis ${args.slice(1).join(' ')}`)
      const run = spawnSync(schemathesis, args, {
        stdio: 'inherit',
        env: {
          ...process.env,
          SCHEMATHESIS_HOOKS: 'hooks',
          PYTHONPATH: join(ROOT, 'tests', 'fuzz'),
          FUZZ_BASE_URL: server.url,
          FUZZ_LOGIN_PATH: login.path,
          FUZZ_TOKEN_KEY: login.key,
        },
      })
      const seconds = ((performance.now() - started) / 1000).toFixed(1)
      const summary = summarize(report)
      figures.push(`${dialect}: ${summary} in ${seconds} s, exit ${run.status}`)
      if (run.status !== 0) {
        failed = true
        console.log(`\nfuzz ${dialect}: the server's last output:\n${server.output().slice(-4000)}`)
      }
    } finally {
      await server.stop()
    }
  }
} finally {
  await cluster?.stop()
  rmSync(work, { recursive: true, force: true })
}
console.log(`\nfuzz (seed ${SEED}, ${EXAMPLES} examples per operation and phase):\n  ${figures.join('\n  ')}`)
process.exit(failed ? 1 : 0)

/** "N operations, N test cases, N failures" from schemathesis' ndjson events. */
function summarize(/** @type {string} */ file) {
  let text
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return 'no report'
  }
  const operations = new Set()
  let cases = 0
  let checks = 0
  let failures = 0
  for (const line of text.split('\n')) {
    if (!line.trim()) continue
    const event = JSON.parse(line)
    const scenario = event.ScenarioFinished
    if (!scenario) continue
    if (scenario.status !== 'skip') operations.add(scenario.recorder.label)
    cases += Object.keys(scenario.recorder.cases ?? {}).length
    for (const results of Object.values(scenario.recorder.checks ?? {})) {
      for (const { status } of /** @type {{ status: string }[]} */ (results)) {
        checks += 1
        if (status !== 'success') failures += 1
      }
    }
  }
  return `${operations.size} operations, ${cases} test cases, ${checks} checks, ${failures} failed`
}
