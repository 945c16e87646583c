// `npm run server:lock`: compiles server/requirements*.in into the hash-pinned lock files the environments are built
// from (uv pip compile --generate-hashes, for the machine's Python 3.11). Arguments go to uv, e.g.
// `npm run server:lock -- --upgrade` (every package to its newest allowed release) or `-- --upgrade-package django`.
// The next server command rebuilds each environment whose lock file changed.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PYTHON_ENVS, requirePythonEnv } from './python-env.mjs'

const SERVER_DIR = fileURLToPath(new URL('.', import.meta.url))
/** The Python the locks are resolved for: the oldest the server's machines run. */
const TARGET_PYTHON = '3.11'

const uv = join(SERVER_DIR, PYTHON_ENVS.tools.dir, 'bin', 'uv')
requirePythonEnv('tools')
for (const { lock } of Object.values(PYTHON_ENVS)) {
  const source = lock.replace(/\.txt$/, '.in')
  const args = ['pip', 'compile', '--quiet', '--generate-hashes', '--no-header', '--python-version', TARGET_PYTHON, source, '-o', lock, ...process.argv.slice(2)]
  console.log(`uv ${args.join(' ')}`)
  const { status } = spawnSync(uv, args, { cwd: SERVER_DIR, stdio: 'inherit' })
  if (status !== 0) process.exit(status ?? 1)
}
