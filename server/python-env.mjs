// The server's Python environments: one virtual environment per lock file, inside server/ (git-ignored), created
// and kept in step with its lock file by the project's own commands. Nothing is installed globally and no Debian
// Python package is used: the packages come from PyPI, pinned with hashes (`pip install --require-hashes`).
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SERVER_DIR = fileURLToPath(new URL('.', import.meta.url))

/**
 * @typedef {object} PythonEnvSpec
 * @property {string} lock the lock file in server/ (compiled from its .in by `npm run server:lock`)
 * @property {string} dir the virtual environment's folder in server/
 * @property {string} what what it serves, for messages
 * @property {[number, number]} [maxPython] the newest Python its packages run on
 * @property {string[]} [paths] the project's own packages it imports from their source (folders in server/), as an
 *   editable install does: a .pth file in site-packages. PyPI packages come from the lock file only.
 */

/** @type {Readonly<Record<'server' | 'drf-jwt' | 'tools' | 'fuzz' | 'package', PythonEnvSpec>>} */
export const PYTHON_ENVS = {
  server: { lock: 'requirements.txt', dir: '.venv', what: 'the Django server', paths: ['simplejwt-sessions/src'] },
  // Django 3.2 runs on Python 3.11 at most.
  'drf-jwt': { lock: 'requirements-drf-jwt.txt', dir: '.venv-drf-jwt', what: 'the djangorestframework-jwt server (DIALECT=drf-jwt)', maxPython: [3, 11], paths: ['simplejwt-sessions/src'] },
  tools: { lock: 'requirements-tools.txt', dir: '.venv-tools', what: 'npm run server:lock' },
  // nox (the package's matrix), build and twine (its wheel): server/simplejwt-sessions/noxfile.py.
  package: { lock: 'requirements-package.txt', dir: '.venv-package', what: 'the simplejwt-sessions package (nox, build, twine)' },
  // schemathesis, which fuzzes a running server from its OpenAPI schema (tests/fuzz/run.mjs).
  fuzz: { lock: 'requirements-fuzz.txt', dir: '.venv-fuzz', what: 'the fuzzer (schemathesis)' },
}

/** The oldest Python the server supports. */
const MIN_PYTHON = [3, 10]
/** Where the environment remembers what it was built from (the lock file's hash and the Python version). */
const STAMP = '.lock-stamp'
/** A build by another process holding the lock longer than this is taken to have died. */
const STALE_BUILD_MS = 10 * 60_000

/** Something the machine lacks or a failed install: `message` is the one line to show. */
export class PythonEnvError extends Error {
  /** @param {string} message @param {string} [details] pip's output */
  constructor(message, details = '') {
    super(message)
    this.name = 'PythonEnvError'
    this.details = details
  }
}

/** The environment that serves a Django dialect (the DIALECT variable): drf-jwt has its own. */
export function envNameForDialect(/** @type {string | undefined} */ dialect) {
  return dialect === 'drf-jwt' ? 'drf-jwt' : 'server'
}

/** The interpreter venvs are made with: $PYTHON, else the first python3 on PATH. */
function basePython() {
  return process.env.PYTHON || 'python3'
}

/** @returns {{ version: [number, number], full: string }} */
function basePythonVersion() {
  const probe = spawnSync(basePython(), ['-c', 'import sys; print("%d %d %s" % (sys.version_info[0], sys.version_info[1], sys.version.split()[0]))'], {
    encoding: 'utf8',
  })
  if (probe.error || probe.status !== 0) {
    throw new PythonEnvError(`The Django server needs Python ${MIN_PYTHON.join('.')} or newer as python3 on PATH (or $PYTHON), and there is none: install one (e.g. apt-get install -y python3 python3-venv).`)
  }
  const [major, minor, full] = probe.stdout.trim().split(' ')
  return { version: [Number(major), Number(minor)], full: full ?? '' }
}

const older = (/** @type {number[]} */ a, /** @type {number[]} */ b) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])

/** The lock file's versions: `{ django: '5.2.19', ... }` (names lower-case, as pip writes them). */
export function lockedVersions(/** @type {keyof typeof PYTHON_ENVS} */ name) {
  const text = readFileSync(join(SERVER_DIR, PYTHON_ENVS[name].lock), 'utf8')
  return Object.fromEntries([...text.matchAll(/^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)/gm)].map(([, pkg, version]) => [pkg.toLowerCase(), version]))
}

function sleepSync(/** @type {number} */ ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Runs `build` while holding `<dir>.building` (a folder: mkdir is atomic), so two commands never build one venv at once. */
function whileHolding(/** @type {string} */ lockDir, /** @type {() => void} */ build) {
  for (;;) {
    try {
      mkdirSync(lockDir)
      break
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error
      let age
      try {
        age = Date.now() - statSync(lockDir).mtimeMs
      } catch {
        continue // just released
      }
      if (age > STALE_BUILD_MS) rmSync(lockDir, { recursive: true, force: true })
      else sleepSync(500)
    }
  }
  try {
    build()
  } finally {
    rmSync(lockDir, { recursive: true, force: true })
  }
}

/**
 * The Python of an environment, built first when it is missing or was built from another lock file or Python.
 * Throws PythonEnvError (one line to show) when the machine can't build it.
 * @param {keyof typeof PYTHON_ENVS} name
 * @param {{ log?: (line: string) => void }} [options] where progress goes (stderr)
 * @returns {string} the environment's python executable
 */
export function ensurePythonEnv(name, { log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const spec = PYTHON_ENVS[name]
  const dir = join(SERVER_DIR, spec.dir)
  const python = join(dir, 'bin', 'python')
  const lockText = readFileSync(join(SERVER_DIR, spec.lock))
  const lockHash = createHash('sha256').update(lockText).digest('hex')
  const stampFile = join(dir, STAMP)
  const upToDate = () => existsSync(python) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').startsWith(`${lockHash} `)
  if (upToDate()) return linkPaths(dir, spec)

  whileHolding(`${dir}.building`, () => {
    if (upToDate()) return // another command built it meanwhile
    const base = basePythonVersion()
    if (older(base.version, MIN_PYTHON)) {
      throw new PythonEnvError(`The Django server needs Python ${MIN_PYTHON.join('.')} or newer; ${basePython()} is ${base.full}: install a newer python3 or point $PYTHON at one.`)
    }
    if (spec.maxPython && older(spec.maxPython, base.version)) {
      throw new PythonEnvError(`${spec.what} needs Python ${spec.maxPython.join('.')} or older (Django 3.2); ${basePython()} is ${base.full}: point $PYTHON at one.`)
    }
    const started = Date.now()
    log(`Python: building server/${spec.dir} for ${spec.what} from server/${spec.lock} (Python ${base.full}; once per lock file)…`)
    const venv = spawnSync(basePython(), ['-m', 'venv', '--clear', dir], { encoding: 'utf8' })
    if (venv.status !== 0) {
      throw new PythonEnvError(`python3 -m venv failed: the Django server needs Python's venv module (Debian: apt-get install -y python3-venv).`, `${venv.stdout}${venv.stderr}`)
    }
    const pip = spawnSync(python, ['-m', 'pip', 'install', '--require-hashes', '--no-deps', '--disable-pip-version-check', '--no-input', '-r', join(SERVER_DIR, spec.lock)], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
    if (pip.status !== 0) {
      rmSync(dir, { recursive: true, force: true })
      const output = `${pip.stdout}${pip.stderr}`
      const lastError = output.split('\n').filter((line) => /^ERROR/.test(line)).pop() ?? 'see the output above'
      throw new PythonEnvError(`pip could not install server/${spec.lock} from PyPI: ${lastError}`, output)
    }
    writeFileSync(stampFile, `${lockHash} ${base.full}\n`)
    log(`Python: server/${spec.dir} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  })
  return linkPaths(dir, spec)
}

/** Writes the .pth file of spec.paths (the project's own packages, from source) when it is missing or differs. */
function linkPaths(/** @type {string} */ dir, /** @type {PythonEnvSpec} */ spec) {
  const python = join(dir, 'bin', 'python')
  if (!spec.paths?.length) return python
  const lib = join(dir, 'lib')
  const version = readdirSync(lib).find((name) => name.startsWith('python'))
  if (!version) return python
  const pth = join(lib, version, 'site-packages', 'vue-jwt-drf-local.pth')
  const text = spec.paths.map((path) => join(SERVER_DIR, path)).join('\n') + '\n'
  if (!existsSync(pth) || readFileSync(pth, 'utf8') !== text) writeFileSync(pth, text)
  return python
}

/**
 * ensurePythonEnv for a command line: on failure prints the one line (and pip's output, if any) and exits 1.
 * @param {keyof typeof PYTHON_ENVS} name
 */
export function requirePythonEnv(name) {
  try {
    return ensurePythonEnv(name)
  } catch (error) {
    if (!(error instanceof PythonEnvError)) throw error
    if (error.details) process.stderr.write(error.details)
    console.error(error.message)
    process.exit(1)
  }
}

// `node server/python-env.mjs [server|drf-jwt|tools|fuzz]...`: builds (or checks) those environments; prints each python.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = process.argv.slice(2)
  for (const name of names.length ? names : ['server']) {
    if (!(name in PYTHON_ENVS)) {
      console.error(`unknown environment ${name}: one of ${Object.keys(PYTHON_ENVS).join(', ')}`)
      process.exit(2)
    }
    console.log(requirePythonEnv(/** @type {keyof typeof PYTHON_ENVS} */ (name)))
  }
}
