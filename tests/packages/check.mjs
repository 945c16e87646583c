// `npm run test:packages`: the npm packages (packages/*) as a stranger gets them.
// 1. Builds each (tsc → dist/: ESM and .d.ts), the core first.
// 2. api-extractor: the public API (dist/index.d.ts) must equal the committed report packages/<name>/etc/<name>.api.md;
//    any change to the public API that the report doesn't show fails (`npm run api:update` rewrites the reports, to
//    commit with the change). It also writes the doc model that docs/api.mjs turns into the API reference.
// 3. publint (every level) and @arethetypeswrong/cli (esm-only profile) on each package, packed as npm would.
// 4. Each entry's size, minified and gzipped with its peers and sibling packages external, against its budget.
// Prints a table; exits non-zero on any problem.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { build } from 'vite'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** In build order: the bindings and the mock resolve the core through the workspace's symlink to its dist/. */
export const PACKAGES = ['session', 'axios', 'vue', 'mock']
/** Budgets of each entry, minified + gzip, bytes (peers and sibling packages excluded); session's grew by 500 B for cookie mode (its dialect, the memory tabs store, the restore: 11 007 B). */
const SIZE_BUDGETS = { session: 11_500, axios: 2_500, vue: 2_500, mock: 110_000 }
const update = process.argv.includes('--update')
const only = process.argv.includes('--api-only') || process.argv.includes('--model-only')
/** Only the doc model for the API reference (docs/api.mjs): reports are written to a temp folder, never compared. */
const modelOnly = process.argv.includes('--model-only')
/** The doc model (.api.json) of each package, for docs/api.mjs. */
export const DOC_MODEL_DIR = join(ROOT, 'node_modules', '.cache', 'api-model')

const problems = []
const started = performance.now()

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', ...options })
  return { status: result.status ?? 1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` }
}

export function buildPackages() {
  for (const name of PACKAGES) {
    rmSync(join(ROOT, 'packages', name, 'dist'), { recursive: true, force: true })
    const { status, output } = run('npx', ['tsc', '-p', `packages/${name}/tsconfig.build.json`])
    if (status !== 0) throw new Error(`tsc of packages/${name} failed:\n${output}`)
  }
}

function apiReport(name) {
  const pkgDir = join(ROOT, 'packages', name)
  mkdirSync(DOC_MODEL_DIR, { recursive: true })
  const config = ExtractorConfig.prepare({
    configObjectFullPath: join(pkgDir, 'api-extractor.json'),
    packageJsonFullPath: join(pkgDir, 'package.json'),
    configObject: {
      projectFolder: pkgDir,
      mainEntryPointFilePath: '<projectFolder>/dist/index.d.ts',
      compiler: { tsconfigFilePath: '<projectFolder>/tsconfig.build.json' },
      apiReport: {
        enabled: true,
        reportFileName: '<unscopedPackageName>.api.md',
        reportFolder: '<projectFolder>/etc/',
        reportTempFolder: join(ROOT, 'node_modules', '.cache', 'api-report', name),
      },
      docModel: { enabled: true, apiJsonFilePath: join(DOC_MODEL_DIR, `${name}.api.json`) },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        extractorMessageReporting: {
          default: { logLevel: 'warning' },
          // Types reachable from the API but not exported by name are part of the report anyway.
          'ae-forgotten-export': { logLevel: 'none' },
          'ae-missing-release-tag': { logLevel: 'none' },
        },
        tsdocMessageReporting: { default: { logLevel: 'warning' } },
      },
    },
  })
  const warnings = []
  const result = Extractor.invoke(config, {
    localBuild: update && !modelOnly,
    showVerboseMessages: false,
    messageCallback(message) {
      const reportWritten = update && ['console-api-report-created', 'console-api-report-copied'].includes(message.messageId)
      if ((message.logLevel === 'warning' || message.logLevel === 'error') && !reportWritten) warnings.push(message.formatMessageWithLocation(pkgDir))
      message.handled = true
    },
  })
  if (modelOnly) return 'not compared'
  if (!update && (!result.succeeded || result.apiReportChanged)) {
    problems.push(
      `${name}: the public API differs from packages/${name}/etc/${name}.api.md` +
        (update ? '' : ' (a public API change: run `npm run api:update` and commit the report with it)'),
    )
  }
  for (const warning of warnings) problems.push(`${name}: api-extractor: ${warning}`)
  return result.apiReportChanged ? 'changed' : 'same'
}

async function lint(name) {
  const pkgDir = join(ROOT, 'packages', name)
  const { messages, pkg } = await publint({ pkgDir, level: 'suggestion', strict: true, pack: 'npm' })
  for (const message of messages) problems.push(`${name}: publint: ${formatMessage(message, pkg)}`)
  const attw = run('npx', ['attw', '--pack', pkgDir, '--profile', 'esm-only', '--format', 'ascii'])
  if (attw.status !== 0) problems.push(`${name}: @arethetypeswrong/cli:\n${attw.output}`)
  return { publint: messages.length, attw: attw.status === 0 ? 'ok' : 'problems' }
}

async function size(name) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'packages', name, 'package.json'), 'utf8'))
  const external = [...Object.keys(pkg.peerDependencies ?? {}), ...Object.keys(pkg.dependencies ?? {})]
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root: join(ROOT, 'packages', name),
    build: {
      write: false,
      minify: true,
      lib: { entry: join(ROOT, 'packages', name, 'dist', 'index.js'), formats: ['es'], fileName: 'index' },
      rollupOptions: { external: (id) => external.some((dependency) => id === dependency || id.startsWith(`${dependency}/`)) },
    },
  })
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output).filter((file) => file.type === 'chunk')
  const entry = chunks.find((chunk) => chunk.isEntry)
  const lazy = chunks.filter((chunk) => !chunk.isEntry)
  const gzip = (code) => gzipSync(code, { level: 9 }).length
  const entryGzip = gzip(entry.code)
  const lazyGzip = lazy.reduce((sum, chunk) => sum + gzip(chunk.code), 0)
  const budget = SIZE_BUDGETS[name]
  if (entryGzip + lazyGzip > budget) problems.push(`${name}: ${entryGzip + lazyGzip} B gzip, over its budget of ${budget} B`)
  return { minified: entry.code.length + lazy.reduce((sum, chunk) => sum + chunk.code.length, 0), entryGzip, lazyGzip, budget }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildPackages()
  const rows = []
  for (const name of PACKAGES) {
    const api = apiReport(name)
    if (only) continue
    const { publint: publintCount, attw } = await lint(name)
    const sizes = await size(name)
    rows.push({ name, api, publintCount, attw, ...sizes })
  }
  if (!only) {
    console.log('\npackage               API report  publint  attw (esm-only)  minified B  gzip B (entry + lazy)   budget B')
    for (const row of rows) {
      console.log(
        `@django-jwt/${row.name.padEnd(9)} ${row.api.padEnd(11)} ${String(row.publintCount).padEnd(8)} ${row.attw.padEnd(16)} ${String(row.minified).padStart(10)}  ${String(row.entryGzip + row.lazyGzip).padStart(6)} (${row.entryGzip} + ${row.lazyGzip})`.padEnd(96) +
          String(row.budget).padStart(8),
      )
    }
  }
  console.log(`\ntest:packages: ${problems.length ? 'FAILED' : 'OK'} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  for (const problem of problems) console.log(`  - ${problem}`)
  process.exit(problems.length ? 1 : 0)
}
