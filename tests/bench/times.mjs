// `npm run bench:times`: how long the build (with type-check), the unit tests and the browser tests take here.
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { ROOT } from '../e2e/lib/server.mjs'

const steps = [
  ['build (vue-tsc --build + vite build)', ['run', 'build']],
  ['unit and component tests (vitest)', ['run', 'test:unit']],
  ['browser tests (demo build + Chromium)', ['run', 'test:e2e']],
]

const rows = []
for (const [name, args] of steps) {
  const started = performance.now()
  const result = spawnSync('npm', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
  rows.push({ step: name, seconds: +((performance.now() - started) / 1000).toFixed(1), ok: result.status === 0 })
}
console.table(rows)
process.exit(rows.every((row) => row.ok) ? 0 : 1)
