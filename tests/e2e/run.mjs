// `npm run test:e2e`: builds the demo (mock backend on), serves it with `vite preview` (CSP header on),
// runs tests/e2e/*.test.mjs one file at a time against it, and always stops the server.
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { requireChrome } from './lib/chrome.mjs'
import { ROOT, runVite, startVite } from './lib/server.mjs'

/** Per test, unless the test sets its own: long enough for a 2-core CI machine, short enough to end a hang. */
const TEST_TIMEOUT_MS = 180_000
const started = performance.now()
const seconds = (/** @type {number} */ from) => `${((performance.now() - from) / 1000).toFixed(1)} s`

const chromePath = requireChrome()
console.log(`e2e: Chromium ${chromePath}`)

const buildStarted = performance.now()
await runVite(['build', '--logLevel', 'warn'], { VITE_API_MOCK: 'true' })
console.log(`e2e: demo build (dist-demo/) ${seconds(buildStarted)}`)

const server = await startVite({ mode: 'preview', args: ['--outDir', 'dist-demo'] })
console.log(`e2e: vite preview ${server.url}`)
const stopOnSignal = () => void server.stop().then(() => process.exit(130))
process.once('SIGINT', stopOnSignal)
process.once('SIGTERM', stopOnSignal)

const files = readdirSync(new URL('.', import.meta.url))
  .filter((name) => name.endsWith('.test.mjs'))
  .sort()
  .map((name) => `tests/e2e/${name}`)

let code
const testsStarted = performance.now()
try {
  code = await new Promise((resolveCode, reject) => {
    const child = spawn(process.execPath, ['--test', '--test-concurrency=1', `--test-timeout=${TEST_TIMEOUT_MS}`, ...files], {
      cwd: ROOT,
      env: { ...process.env, E2E_BASE_URL: server.url, CHROME_PATH: chromePath },
      stdio: 'inherit',
    })
    child.on('error', reject)
    child.on('exit', (exitCode, signal) => resolveCode(exitCode ?? (signal ? 1 : 0)))
  })
} finally {
  await server.stop()
}
console.log(`e2e: tests ${seconds(testsStarted)}, total ${seconds(started)}, exit ${code}`)
process.exit(code)
