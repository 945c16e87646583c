// `npm test`: every tier in order, stopping at the first failure, with the time each step took.
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'

const STEPS = [
  'lint', // ESLint, pyflakes + black on server/
  'typecheck',
  'test:unit', // Vitest: unit, contract (mock) and component tests
  'test:server', // Django's test runner on server/
  'test:differential', // the contract cases against the mock and the Django server, en and zh-CN
  'budget', // production build, /login size
  'test:e2e', // Chromium: mock, then the Django server and the nginx + gunicorn stack
]

const started = performance.now()
const took = (/** @type {number} */ from) => `${((performance.now() - from) / 1000).toFixed(1)} s`
/** @type {string[]} */
const timings = []
for (const step of STEPS) {
  const stepStarted = performance.now()
  console.log(`\n::: npm run ${step}`)
  const { status } = spawnSync('npm', ['run', step], { stdio: 'inherit' })
  timings.push(`${step} ${took(stepStarted)}`)
  console.log(`::: npm run ${step} took ${took(stepStarted)}${status === 0 ? '' : `, exit ${status}`}`)
  if (status !== 0) {
    console.log(`::: npm test failed at ${step} after ${took(started)} (${timings.join(', ')})`)
    process.exit(status ?? 1)
  }
}
console.log(`\n::: npm test passed in ${took(started)}: ${timings.join(', ')}`)
