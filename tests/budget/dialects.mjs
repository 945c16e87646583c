// `npm run budget:dialects`: the budget check (tests/budget/check.mjs) once per server dialect: each build must
// stay within the /login budget and carry its own dialect's module and no other's.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const DIALECTS = ['simplejwt', 'simplejwt-sliding', 'drf-jwt']
const check = fileURLToPath(new URL('./check.mjs', import.meta.url))
const failed = []
for (const dialect of DIALECTS) {
  console.log(`\n=== VITE_AUTH_DIALECT=${dialect} ===`)
  const run = spawnSync(process.execPath, [check], { stdio: 'inherit', env: { ...process.env, VITE_AUTH_DIALECT: dialect } })
  if (run.status !== 0) failed.push(dialect)
}
if (failed.length) {
  console.error(`\nbudget:dialects: FAILED for ${failed.join(', ')}`)
  process.exit(1)
}
console.log(`\nbudget:dialects: OK (${DIALECTS.join(', ')})`)
