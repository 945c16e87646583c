// Starts Vite (dev server or `vite preview`) on a free port and stops it, for tests and benches.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const VITE_BIN = fileURLToPath(new URL('../../../node_modules/vite/bin/vite.js', import.meta.url))

/**
 * A TCP port nobody listens on right now (the OS picks it).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolvePort(port))
    })
  })
}

/**
 * Runs `vite <args>` in the repo root and resolves when it exits 0.
 * @param {string[]} args
 * @param {Record<string, string>} [env]
 * @returns {Promise<void>}
 */
export function runVite(args, env = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [VITE_BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: 'inherit',
    })
    child.on('error', reject)
    child.on('exit', (code, signal) =>
      code === 0 ? resolveRun() : reject(new Error(`vite ${args.join(' ')} failed (${signal ?? code})`)),
    )
  })
}

/**
 * @typedef {object} ViteServer
 * @property {string} url base URL, e.g. http://127.0.0.1:41234
 * @property {() => Promise<void>} stop kills the server and waits for it to exit (safe to call twice)
 * @property {() => string} output the last 8000 characters the server printed
 */

/**
 * Starts `vite` (mode 'dev') or `vite preview` (mode 'preview') on a free port; resolves once it answers HTTP.
 * @param {{ mode: 'dev' | 'preview', args?: string[], env?: Record<string, string>, timeoutMs?: number }} options
 * @returns {Promise<ViteServer>}
 */
export async function startVite({ mode, args = [], env = {}, timeoutMs = 60_000 }) {
  const port = await freePort()
  const command = mode === 'preview' ? ['preview'] : []
  const child = spawn(
    process.execPath,
    [VITE_BIN, ...command, '--host', '127.0.0.1', '--port', String(port), '--strictPort', ...args],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const keep = (/** @type {Buffer} */ chunk) => {
    output = (output + chunk.toString()).slice(-8000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit))

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }

  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) })
      if (response.ok) return { url, stop, output: () => output }
    } catch {
      // not listening yet
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 200))])
  }
  await stop()
  throw new Error(`vite ${mode} did not answer on ${url} within ${timeoutMs} ms:\n${output}`)
}
