// npm run bench:login-timing: does a login for an unknown username answer as fast as a wrong password, on every
// dialect's login path? The Django server (gunicorn, Django's real PBKDF2 hasher, the lockout on) gets ROUNDS
// rounds of: a wrong password for demo, an unknown username, and (pair, sliding) a wrong current password on the
// password change, interleaved so the machine's load hits all alike; each try from an address of its own (X-Real-IP
// from the trusted 127.0.0.1), so the lockout never answers instead. Prints the medians and the 90th percentiles.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startDjango } from '../../server/launch.mjs'

const ROUNDS = Number(process.env.ROUNDS ?? 15)
const DIALECTS = (process.env.DIALECTS ?? 'pair,sliding,drf-jwt').split(',')
const OBTAIN = { pair: '/api/token/', sliding: '/api/token/', 'drf-jwt': '/api/api-token-auth/' }

const quantile = (/** @type {number[]} */ values, /** @type {number} */ q) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
}

let address = 0
async function timed(/** @type {string} */ url, /** @type {unknown} */ body, /** @type {Record<string, string>} */ headers = {}) {
  address += 1
  const started = performance.now()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-real-ip': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`, ...headers },
    body: JSON.stringify(body),
  })
  await response.arrayBuffer()
  return { ms: performance.now() - started, status: response.status }
}

for (const dialect of DIALECTS) {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-login-timing-'))
  const server = await startDjango({ dataDir, wsgi: 'gunicorn', workers: 1, env: { DIALECT: dialect, TRUSTED_PROXIES: '127.0.0.1' } })
  try {
    const obtain = `${server.url}${OBTAIN[dialect]}`
    const login = await (await fetch(obtain, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo', password: 'demo123' }) })).json()
    const access = login.access ?? login.token
    /** @type {Record<string, number[]>} */
    const times = { 'wrong password': [], 'unknown username': [] }
    if (dialect !== 'drf-jwt') times['wrong current password (password change)'] = []
    for (let round = 0; round < ROUNDS; round += 1) {
      times['wrong password'].push((await timed(obtain, { username: 'demo', password: `wrong-${round}` })).ms)
      times['unknown username'].push((await timed(obtain, { username: `nobody-${round}`, password: `wrong-${round}` })).ms)
      if (times['wrong current password (password change)']) {
        const change = await timed(`${server.url}/api/me/password/`, { old_password: `wrong-${round}`, new_password: 'a-long-new-secret' }, { authorization: `JWT ${access}` })
        times['wrong current password (password change)'].push(change.ms)
      }
    }
    console.log(`${dialect} (${ROUNDS} rounds, gunicorn, PBKDF2):`)
    for (const [what, values] of Object.entries(times)) {
      console.log(`  ${what.padEnd(42)} median ${quantile(values, 0.5).toFixed(0).padStart(5)} ms   p90 ${quantile(values, 0.9).toFixed(0).padStart(5)} ms`)
    }
  } finally {
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
}
