// `npm test`: every tier in order, stopping at the first failure, with the time each step took.
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'

const STEPS = [
  'lint', // ESLint, ruff on server/
  'typecheck',
  // The npm packages as built and packed: api-extractor reports, publint, attw (esm-only), entry sizes
  'test:packages',
  'test:unit', // Vitest: unit, contract (mock) and component tests
  'test:server', // Django's test runner on server/ (SQLite)
  'test:server:postgres', // the same on a private PostgreSQL cluster
  // the pip package server/simplejwt-sessions: one matrix cell per Django line (4.2, 5.2, 6.0), then the consumer
  // test (its wheel in a fresh venv, startproject + the README's quick start, a journey over HTTP)
  'test:package:python',
  // The contract cases against the mock and the Django server, every dialect, en and zh-CN: once, with the current
  // stack's server on PostgreSQL (drf-jwt's on SQLite). Its answers don't depend on the database (the server's own
  // suite runs on both); `npm run test:differential` runs them on SQLite.
  'test:differential:postgres',
  // schemathesis against the running server of each dialect from its committed OpenAPI schema (pair and sliding on
  // PostgreSQL): no 5xx, every answer as the schema says; a fixed seed and count of cases per operation.
  'test:fuzz',
  'docs:build', // the VitePress site (docs/): built, so every link between its pages, to a heading or to a repository file is checked
  'budget', // production build, /login size
  'test:consumers', // the packed packages in a fresh Vite + Vue app (a Chromium journey) and a plain node consumer
  'test:e2e', // Chromium: mock, then the Django server and the nginx + gunicorn stack (also 2 instances on PostgreSQL)
  'test:load', // short runs of bench:load on 2 instances on PostgreSQL, one with an instance killed
]
/** The steps of the PostgreSQL set-up and the load test: their time is printed apart (e2e's own log has the stack's). */
const SCALE_OUT_STEPS = ['test:server:postgres', 'test:differential:postgres', 'test:fuzz', 'test:load']

const started = performance.now()
const took = (/** @type {number} */ from) => `${((performance.now() - from) / 1000).toFixed(1)} s`
/** @type {string[]} */
const timings = []
let scaleOutMs = 0
for (const step of STEPS) {
  const stepStarted = performance.now()
  console.log(`\n::: npm run ${step}`)
  const { status } = spawnSync('npm', ['run', step], { stdio: 'inherit' })
  timings.push(`${step} ${took(stepStarted)}`)
  if (SCALE_OUT_STEPS.includes(step)) scaleOutMs += performance.now() - stepStarted
  console.log(`::: npm run ${step} took ${took(stepStarted)}${status === 0 ? '' : `, exit ${status}`}`)
  if (status !== 0) {
    console.log(`::: npm test failed at ${step} after ${took(started)} (${timings.join(', ')})`)
    process.exit(status ?? 1)
  }
}
console.log(`\n::: npm test passed in ${took(started)}: ${timings.join(', ')}`)
console.log(`::: of which the PostgreSQL and load steps (${SCALE_OUT_STEPS.join(', ')}): ${(scaleOutMs / 1000).toFixed(1)} s`)
