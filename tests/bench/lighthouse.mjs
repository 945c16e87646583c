// `npm run bench:lighthouse`: production build, served by `vite preview` with the CSP header, audited by
// Lighthouse 12 (mobile preset, simulated throttling) on /login. Prints scores, metrics and every failing audit.
// Exit code 1 when a score misses its target.
import { writeFile } from 'node:fs/promises'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { CHROME_FLAGS, requireChrome } from '../e2e/lib/chrome.mjs'
import { runVite, startVite } from '../e2e/lib/server.mjs'

/** Minimum score (0–100) per Lighthouse category. */
const TARGETS = { performance: 98, accessibility: 100, 'best-practices': 100, seo: 90 }
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index']
const PAGE = process.env.LIGHTHOUSE_PATH || '/login'
/** Where to save the full JSON report (open it in https://googlechrome.github.io/lighthouse/viewer/). */
const REPORT_FILE = process.env.LIGHTHOUSE_JSON

const chromePath = requireChrome()
await runVite(['build', '--logLevel', 'warn'], { VITE_API_MOCK: 'false' })
const server = await startVite({ mode: 'preview', args: ['--outDir', 'dist'] })
/** @type {import('chrome-launcher').LaunchedChrome | undefined} */
let chrome
let failed = false
try {
  chrome = await chromeLauncher.launch({ chromePath, chromeFlags: [...CHROME_FLAGS, '--headless=new'] })
  const result = await lighthouse(`${server.url}${PAGE}`, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: Object.keys(TARGETS),
  })
  if (!result) throw new Error('Lighthouse returned no result')
  const { lhr } = result
  if (REPORT_FILE) await writeFile(REPORT_FILE, JSON.stringify(lhr, null, 1))
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)

  console.log(`Lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor}, ${lhr.finalDisplayedUrl}`)
  for (const [id, target] of Object.entries(TARGETS)) {
    const category = lhr.categories[id]
    const score = Math.round((category.score ?? 0) * 100)
    const ok = score >= target
    failed ||= !ok
    console.log(`  ${category.title.padEnd(16)} ${String(score).padStart(3)}  (target ≥ ${target}) ${ok ? 'ok' : 'MISSED'}`)
  }
  console.log('Metrics:')
  for (const id of METRICS) console.log(`  ${lhr.audits[id].title.padEnd(26)} ${lhr.audits[id].displayValue ?? ''}`)

  console.log('Failing audits (score < 1, in a scored category):')
  let any = false
  for (const category of Object.values(lhr.categories)) {
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id]
      if (audit.score === null || audit.score >= 1 || audit.scoreDisplayMode === 'informative') continue
      if (audit.scoreDisplayMode === 'metricSavings' && audit.score >= 0.9) continue
      any = true
      console.log(`  [${category.id}] ${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''} score ${audit.score}`)
      for (const line of describeItems(audit.details)) console.log(`      ${line}`)
    }
  }
  if (!any) console.log('  none')
} finally {
  await chrome?.kill()
  await server.stop()
}
process.exit(failed ? 1 : 0)

/**
 * The first few rows of an audit's details table, as short text (what to fix, where).
 * @param {any} details
 * @returns {string[]}
 */
function describeItems(details) {
  const items = Array.isArray(details?.items) ? details.items : []
  return items.slice(0, 4).map((/** @type {Record<string, unknown>} */ item) =>
    Object.values(item)
      .map((value) => (typeof value === 'object' && value !== null ? (/** @type {any} */ (value).url ?? /** @type {any} */ (value).snippet ?? '') : value))
      .filter((value) => typeof value === 'string' || typeof value === 'number')
      .join(' | ')
      .slice(0, 200),
  )
}
