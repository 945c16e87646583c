// `npm run dev:server`: the Django backend on 127.0.0.1:$PORT (8000) and the Vite dev server proxied to it,
// in one command. Ctrl-C stops both; if either exits, the other is stopped too.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { prepareServerCommand, startDjango } from './launch.mjs'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const VITE_BIN = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url))

prepareServerCommand()
const django = await startDjango({ port: Number(process.env.PORT || 8000), stdio: 'inherit' })
console.log(`Django backend on ${django.url}; starting Vite proxied to it. Ctrl-C stops both.`)

// Vite stays in this process group, so a terminal's Ctrl-C reaches it directly; Django has its own group.
const vite = spawn(process.execPath, [VITE_BIN, ...process.argv.slice(2)], {
  cwd: ROOT,
  env: { ...process.env, API_PROXY_TARGET: django.url, VITE_API_MOCK: 'false' },
  stdio: 'inherit',
})
const viteExited = new Promise((resolveExit) => vite.once('exit', (code, signal) => resolveExit(signal ?? code)))

let stopping = false
async function stopAll(/** @type {number} */ code) {
  if (stopping) return
  stopping = true
  if (vite.exitCode === null && vite.signalCode === null) vite.kill('SIGTERM')
  await Promise.all([viteExited, django.stop()])
  process.exit(code)
}
process.once('SIGINT', () => void stopAll(0))
process.once('SIGTERM', () => void stopAll(0))
const first = await Promise.race([viteExited.then((how) => `Vite (${how})`), django.exited.then((how) => `Django (${how})`)])
if (!stopping) console.error(`${first} exited; stopping the other`)
await stopAll(stopping ? 0 : 1)
