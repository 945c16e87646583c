// `npm run budget`: builds production (no mock) and fails when /login costs more than its budget,
// or when the mock backend (MSW, its service worker, jose's signing code) leaked into the build.
// Sizes are gzip bytes at zlib level 9, what a static server with gzip_comp_level 9 would send.
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'
import { ROOT } from '../e2e/lib/server.mjs'
import { formatTable, kb } from './table.mjs'
import { LOGIN_COMPONENT, closureOf, entryOf, lazyEntries } from './manifest.mjs'

/** Per language: the pre-rendered /login (dist/) and the language chunks main.ts loads before hydrating (manifest keys). */
const LANGUAGES = [
  { html: 'en/login.html', chunks: ['src/i18n/locales/en.json'] },
  { html: 'zh-CN/login.html', chunks: ['src/i18n/locales/zh-CN.json'] },
]

/** Everything the browser fetches to show /login, in gzip KB (1 KB = 1024 bytes). */
const LOGIN_BUDGET_KB = Number(process.env.BUDGET_LOGIN_KB || 85)
/** Strings that only the mock backend's code contains. */
const FORBIDDEN_MARKERS = ['SignJWT', 'CompactSign', 'setupWorker', 'mockServiceWorker', '[MSW]', /\bmsw\b/]
/** Code the CSP (script-src 'self', no 'unsafe-eval') would refuse to run. */
const CSP_UNSAFE_JS = [/\bnew Function\s*\(/, /(?<![\w$.])eval\s*\(/]
/** Module paths that must never be bundled into production. */
const FORBIDDEN_MODULES = [/\/node_modules\/msw\//, /\/node_modules\/jose\/.*\/(jws|jwt\/sign|jwe|key\/generate)/, /\/packages\/mock\//, /\/src\/mock-backend\.ts$/]

/** The server dialect this build speaks (src/dialect.ts): its module of @django-jwt/session, and no other, must be bundled. */
const DIALECT = process.env.VITE_AUTH_DIALECT || 'simplejwt'
const DIALECT_MODULES = { simplejwt: 'simplejwt.ts', 'simplejwt-sliding': 'simplejwtSliding.ts', 'drf-jwt': 'drfJwt.ts' }
/** A string only that dialect's code contains (a path or a claim it reads), looked for in the shipped code (not the messages). */
const DIALECT_MARKERS = { simplejwt: '/token/blacklist/', 'simplejwt-sliding': 'refresh_exp', 'drf-jwt': 'orig_iat' }
if (!(DIALECT in DIALECT_MODULES)) throw new Error(`budget: unknown VITE_AUTH_DIALECT=${DIALECT}`)

const DIST = join(ROOT, 'dist')
const gzipSize = (/** @type {Buffer} */ bytes) => gzipSync(bytes, { level: 9 }).length

/** @type {Map<string, Record<string, { code: string | null, renderedLength: number }>>} */
const modulesByChunk = new Map()
/** Records which source modules ended up in which chunk (for the per-package breakdown). */
const recordModules = {
  name: 'budget-record-modules',
  /** @param {unknown} _options @param {Record<string, any>} bundle */
  generateBundle(_options, bundle) {
    for (const output of Object.values(bundle)) if (output.type === 'chunk') modulesByChunk.set(output.fileName, output.modules)
  },
}

const started = performance.now()
process.env.VITE_API_MOCK = 'false'
await build({ root: ROOT, mode: 'production', logLevel: 'warn', build: { manifest: true }, plugins: [recordModules] })
console.log(`budget: dialect ${DIALECT}`)
console.log(`budget: production build ${((performance.now() - started) / 1000).toFixed(1)} s\n`)

/** @type {import('vite').Manifest} */
const manifest = JSON.parse(await readFile(join(DIST, '.vite/manifest.json'), 'utf8'))
/** @type {Map<string, { raw: number, gzip: number }>} */
const sizes = new Map()
for (const file of await listFiles(DIST)) {
  const bytes = await readFile(join(DIST, file))
  sizes.set(file, { raw: bytes.length, gzip: gzipSize(bytes) })
}
const sum = (/** @type {Iterable<string>} */ files) =>
  [...files].reduce((total, file) => ({ raw: total.raw + size(file).raw, gzip: total.gzip + size(file).gzip }), { raw: 0, gzip: 0 })
const size = (/** @type {string} */ file) => sizes.get(file) ?? { raw: 0, gzip: 0 }

const problems = []

// What /login needs: its pre-rendered HTML, the script that starts the app after the first paint, the entry with
// its static imports and CSS, then the login route's chunk with its own.
const entryKey = entryOf(manifest)
const appKeys = Object.keys(manifest).filter((key) => manifest[key].isEntry && key !== entryKey)
// main.ts also awaits the user's language (the app's messages and Vant's) before hydrating:
// count the heavier of the two languages, with its pre-rendered page.
const languages = LANGUAGES.map(({ html, chunks }) => [html, ...closureOf(manifest, chunks).files])
const heaviestLanguage = languages.reduce((a, b) => (sum(b).gzip > sum(a).gzip ? b : a))
const loginClosure = closureOf(manifest, [entryKey, ...appKeys, LOGIN_COMPONENT])
const loginFiles = [...new Set([heaviestLanguage[0], ...loginClosure.files, ...heaviestLanguage.slice(1)])]
const loginAssets = loginClosure.assets
const login = sum(loginFiles)
console.log('/login loads:')
console.log(formatTable(loginFiles.map((file) => [file, size(file).raw, size(file).gzip]), login))
if (loginAssets.length) {
  console.log(`  + on demand (fonts/images referenced by that CSS, fetched only when used):`)
  for (const file of loginAssets) console.log(`    ${file}  ${size(file).raw} B raw, ${size(file).gzip} B gzip`)
}

// What every other lazy route adds once /login's files are cached.
const shown = new Set(loginFiles)
const extras = lazyEntries(manifest)
  .filter((key) => key !== LOGIN_COMPONENT && !appKeys.includes(key))
  .map((key) => {
    const extra = closureOf(manifest, [key]).files.filter((file) => !shown.has(file))
    return { key, count: extra.length, total: sum(extra) }
  })
console.log('\nEach other lazy route adds (beyond /login):')
console.log(formatTable(extras.map(({ key, count, total }) => [`${key} (${count} files)`, total.raw, total.gzip])))

console.log('\nEvery file in dist/:')
const allFiles = [...sizes.keys()].filter((file) => !file.startsWith('.vite/')).sort()
console.log(formatTable(allFiles.map((file) => [file, size(file).raw, size(file).gzip]), sum(allFiles)))

console.log('\n/login JS by package (raw = rendered source before minification; gzip = estimated share of the shipped gzip bytes):')
console.log(formatTable(packageBreakdown(loginFiles)))

const budgetBytes = LOGIN_BUDGET_KB * 1024
console.log(`\n/login total: ${login.gzip} B gzip (${kb(login.gzip)} KB) of ${budgetBytes} B (${LOGIN_BUDGET_KB} KB) budget`)
if (login.gzip > budgetBytes) problems.push(`/login is ${kb(login.gzip)} KB gzip, over its ${LOGIN_BUDGET_KB} KB budget`)

// The mock backend must not ship: no worker file, no MSW or signing code, no packages/mock module.
if (existsSync(join(DIST, 'mockServiceWorker.js'))) problems.push('dist/mockServiceWorker.js exists')
for (const file of allFiles.filter((name) => name.endsWith('.html'))) {
  const html = await readFile(join(DIST, file), 'utf8')
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) problems.push(`dist/${file} has an inline <script> (refused by the CSP)`)
}
for (const { html } of LANGUAGES) if (!existsSync(join(DIST, html))) problems.push(`dist/${html} was not pre-rendered`)
for (const file of allFiles.filter((name) => name.endsWith('.js'))) {
  const text = await readFile(join(DIST, file), 'utf8')
  for (const pattern of CSP_UNSAFE_JS) if (pattern.test(text)) problems.push(`dist/${file} uses ${pattern} (refused by the CSP)`)
  for (const marker of FORBIDDEN_MARKERS) {
    if (typeof marker === 'string' ? text.includes(marker) : marker.test(text)) problems.push(`dist/${file} contains ${marker}`)
  }
}
const bundledDialects = new Set()
for (const [chunk, modules] of modulesByChunk) {
  for (const id of Object.keys(modules)) {
    if (FORBIDDEN_MODULES.some((pattern) => pattern.test(id))) problems.push(`dist/${chunk} bundles ${relative(ROOT, id)}`)
    const dialect = Object.entries(DIALECT_MODULES).find(([, file]) => id.endsWith(`/packages/session/src/dialects/${file}`))?.[0]
    if (dialect) bundledDialects.add(dialect)
  }
}
// One dialect per build: the chosen one's module and markers, none of the others'.
if (!bundledDialects.has(DIALECT)) problems.push(`the ${DIALECT} dialect's module is not in the build`)
for (const other of bundledDialects) if (other !== DIALECT) problems.push(`the ${other} dialect's module is in a ${DIALECT} build`)
const isMessages = (/** @type {string} */ file) => Object.keys(modulesByChunk.get(file) ?? {}).every((id) => /\/src\/i18n\/locales\//.test(id))
const codeFiles = allFiles.filter((name) => name.endsWith('.js') && !isMessages(name))
const shippedJs = await Promise.all(codeFiles.map((file) => readFile(join(DIST, file), 'utf8')))
for (const [dialect, marker] of Object.entries(DIALECT_MARKERS)) {
  const found = shippedJs.some((text) => text.includes(marker))
  if (dialect === DIALECT && !found) problems.push(`the ${DIALECT} build lacks its own marker ${marker}`)
  if (dialect !== DIALECT && found) problems.push(`the ${DIALECT} build contains ${dialect}'s marker ${marker}`)
}

if (problems.length) {
  console.error(`\nbudget: FAILED\n${problems.map((problem) => `  - ${problem}`).join('\n')}`)
  process.exit(1)
}
console.log(`budget: OK (${DIALECT}: within budget; no other dialect, no mock code, no mockServiceWorker.js, no inline script or eval)`)

/**
 * Every file under dir, as paths relative to it.
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)))
}

/**
 * Per npm package (or app folder) across the given chunks: rendered source bytes, and its estimated share
 * of the shipped gzip bytes (each chunk's gzip size split by the modules' rendered lengths). Largest first.
 * @param {string[]} files
 * @returns {Array<[string, number, number]>}
 */
function packageBreakdown(files) {
  /** @type {Map<string, { rendered: number, gzip: number }>} */
  const byPackage = new Map()
  for (const file of files) {
    const modules = Object.entries(modulesByChunk.get(file) ?? {})
    const chunkRendered = modules.reduce((total, [, module]) => total + module.renderedLength, 0)
    for (const [id, module] of modules) {
      const name = packageOf(id)
      const entry = byPackage.get(name) ?? { rendered: 0, gzip: 0 }
      entry.rendered += module.renderedLength
      entry.gzip += chunkRendered ? (size(file).gzip * module.renderedLength) / chunkRendered : 0
      byPackage.set(name, entry)
    }
  }
  return [...byPackage]
    .map(([name, { rendered, gzip }]) => /** @type {[string, number, number]} */ ([name, rendered, Math.round(gzip)]))
    .sort((a, b) => b[2] - a[2])
}

/**
 * "vant", "@vue/runtime-core", "@django-jwt/session" (a workspace package), "app: src/views", or "(bundler runtime)".
 * @param {string} id
 */
function packageOf(id) {
  const inPackage = id.match(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)?.pop()
  if (inPackage) return inPackage.replace(/^\/node_modules\//, '').replace(/\/$/, '')
  const workspacePackage = relative(ROOT, id).match(/^packages\/([^/]+)\//)
  if (workspacePackage) return `@django-jwt/${workspacePackage[1]}`
  if (id.startsWith(ROOT)) return `app: ${relative(ROOT, id).split('/').slice(0, 2).join('/')}`
  return '(bundler runtime)'
}
