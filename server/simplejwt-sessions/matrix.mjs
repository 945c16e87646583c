// `npm run test:matrix`: the package's tests (noxfile.py) in every cell of Django 4.2 / 5.2 / 6.0 x Python 3.10-3.13
// x SQLite / PostgreSQL, each cell's result and time printed. `-- --quick`: one cell per Django line (npm test's).
// `-- --only=4.2,postgres`: those cells. `-- --lock`: recompiles constraints/django-*.txt from their .in (uv, hashes) first. The wheel is built once
// (build + hatchling from server/.venv-package, no build isolation), pyenv's Pythons are put on PATH, and one
// private PostgreSQL cluster (server/postgres.mjs) serves the PostgreSQL cells.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { startPostgres } from '../postgres.mjs'
import { PYTHON_ENVS, requirePythonEnv } from '../python-env.mjs'

export const PACKAGE_DIR = fileURLToPath(new URL('.', import.meta.url))
const SERVER_DIR = join(PACKAGE_DIR, '..')

/** [python, django, db] of every cell, as noxfile.py parametrizes them. */
const ALL = [
  ...['3.10', '3.11', '3.12'].map((python) => [python, '4.2']),
  ...['3.10', '3.11', '3.12', '3.13'].map((python) => [python, '5.2']),
  ...['3.12', '3.13'].map((python) => [python, '6.0']),
].flatMap(([python, django]) => ['sqlite', 'postgres'].map((db) => [python, django, db]))
/** npm test's: each Django line once, both databases and the oldest and newest Python among them. */
const QUICK = [
  ['3.10', '4.2', 'sqlite'], // Django < 5.1: the package's IMMEDIATE engine
  ['3.11', '5.2', 'postgres'],
  ['3.13', '6.0', 'sqlite'], // Django >= 5.1: transaction_mode
]

/** Builds the wheel (and sdist) into a fresh folder, checks both with twine; returns the wheel's path. */
export function buildWheel(/** @type {string} */ outDir) {
  const python = requirePythonEnv('package')
  const build = spawnSync(python, ['-m', 'build', '--no-isolation', '--wheel', '--sdist', '--outdir', outDir, '.'], { cwd: PACKAGE_DIR, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`building the wheel failed:\n${build.stdout}${build.stderr}`)
  const files = readdirSync(outDir).map((name) => join(outDir, name))
  const twine = spawnSync(python, ['-m', 'twine', 'check', '--strict', ...files], { encoding: 'utf8' })
  if (twine.status !== 0) throw new Error(`twine check failed:\n${twine.stdout}${twine.stderr}`)
  const wheel = files.find((file) => file.endsWith('.whl'))
  if (!wheel) throw new Error('no wheel built')
  return wheel
}

/** PATH with pyenv's Pythons (python3.10 ... python3.13) first, for nox. */
export function pathWithPyenv() {
  const versions = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions')
  const bins = existsSync(versions) ? readdirSync(versions).map((version) => join(versions, version, 'bin')) : []
  return [...bins, process.env.PATH].join(':')
}

function lock() {
  requirePythonEnv('tools')
  const uv = join(SERVER_DIR, PYTHON_ENVS.tools.dir, 'bin', 'uv')
  for (const django of ['4.2', '5.2', '6.0']) {
    const oldest = django === '6.0' ? '3.12' : '3.10'
    const args = ['pip', 'compile', '--quiet', '--universal', '--generate-hashes', '--no-header', '--python-version', oldest, `django-${django}.in`, '-o', `django-${django}.txt`]
    const { status } = spawnSync(uv, args, { cwd: join(PACKAGE_DIR, 'constraints'), stdio: 'inherit' })
    if (status !== 0) process.exit(status ?? 1)
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2)
  if (args.includes('--lock')) lock()
  // --only=4.2,postgres: the cells whose Django, Python and database include all of these
  const only = args.find((arg) => arg.startsWith('--only='))?.slice(7).split(',') ?? []
  const cells = (args.includes('--quick') ? QUICK : ALL).filter((cell) => only.every((part) => cell.includes(part)))
  const started = performance.now()
  const nox = join(SERVER_DIR, PYTHON_ENVS.package.dir, 'bin', 'nox')
  const outDir = mkdtempSync(join(tmpdir(), 'simplejwt-sessions-dist-'))
  const wheel = buildWheel(outDir)
  const postgres = cells.some(([, , db]) => db === 'postgres') ? await startPostgres() : null
  /** @type {string[]} */
  const lines = []
  let failed = 0
  try {
    for (const [python, django, db] of cells) {
      const cellStarted = performance.now()
      const session = `tests(db='${db}', python='${python}', django='${django}')`
      const { status, stdout, stderr } = spawnSync(nox, ['--no-color', '-s', session], {
        cwd: PACKAGE_DIR,
        encoding: 'utf8',
        env: { ...process.env, PATH: pathWithPyenv(), WHEEL: wheel, DATABASE_URL: postgres?.url ?? '' },
        maxBuffer: 64 * 1024 * 1024,
      })
      const ran = /Ran (\d+) tests?/.exec(`${stdout}${stderr}`)?.[1] ?? '?'
      const line = `${status === 0 ? 'ok  ' : 'FAIL'}  Django ${django}  Python ${python}  ${db.padEnd(8)}  ${ran} tests  ${((performance.now() - cellStarted) / 1000).toFixed(1)} s`
      console.log(line)
      lines.push(line)
      if (status !== 0) {
        failed += 1
        process.stdout.write(`${stdout}${stderr}\n`)
      }
    }
  } finally {
    await postgres?.stop()
    rmSync(outDir, { recursive: true, force: true })
  }
  console.log(`simplejwt-sessions matrix: ${cells.length - failed}/${cells.length} cells passed in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  process.exit(failed ? 1 : 0)
}
