// `npm run bench:lighthouse`: production build, served by `vite preview` with the CSP header, audited by
// Lighthouse 12 (mobile preset, simulated throttling) on /login, side by side with a static copy of the very
// same rendered page (same HTML and CSS, every script dropped: the floor for this page). The two are audited
// alternately, LIGHTHOUSE_RUNS times each (3 by default); prints every run, the medians, the ratios to the
// floor and the app's failing audits. Exit code 1 when a target is missed.
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { CHROME_FLAGS, requireChrome } from '../e2e/lib/chrome.mjs'
import { ROOT, runVite, startVite } from '../e2e/lib/server.mjs'
import { renderStaticCopy } from './static-copy.mjs'

/** Minimum median score (0–100) per Lighthouse category, for the app's page. */
const TARGETS = { performance: 99, accessibility: 100, 'best-practices': 100, seo: 100 }
/** The app's median FCP and LCP may be at most this many times the static copy's. */
const MAX_RATIO_TO_STATIC = 1.15
const MAX_TBT_MS = 100
const MAX_CLS = 0
const METRICS = {
  fcp: 'first-contentful-paint',
  lcp: 'largest-contentful-paint',
  tbt: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  si: 'speed-index',
}
const PAGE = process.env.LIGHTHOUSE_PATH || '/login'
const RUNS = Number(process.env.LIGHTHOUSE_RUNS || 3)
/** Where to save the last app run's full JSON report (open it in https://googlechrome.github.io/lighthouse/viewer/). */
const REPORT_FILE = process.env.LIGHTHOUSE_JSON
/** The static copy is served next to the build's own files, so its stylesheets come from the same server. */
const STATIC_FILE = 'lighthouse-static-copy.html'

const chromePath = requireChrome()
await runVite(['build', '--logLevel', 'warn'], { VITE_API_MOCK: 'false' })
const server = await startVite({ mode: 'preview', args: ['--outDir', 'dist'] })
const staticPath = join(ROOT, 'dist', STATIC_FILE)
/** @type {import('chrome-launcher').LaunchedChrome | undefined} */
let chrome
const problems = []
try {
  await writeFile(staticPath, await renderStaticCopy(`${server.url}${PAGE}`, { ready: 'main' }))
  const pages = [
    { name: PAGE, url: `${server.url}${PAGE}` },
    { name: 'static copy', url: `${server.url}/${STATIC_FILE}` },
  ]
  chrome = await chromeLauncher.launch({ chromePath, chromeFlags: [...CHROME_FLAGS, '--headless=new'] })
  /** @type {Map<string, Row[]>} */
  const rows = new Map(pages.map((page) => [page.name, []]))
  /** @type {any} */
  let lastAppReport
  for (let run = 1; run <= RUNS; run += 1) {
    for (const page of pages) {
      const lhr = await audit(page.url, chrome.port)
      rows.get(page.name)?.push(toRow(lhr))
      if (page.name === PAGE) lastAppReport = lhr
    }
  }
  if (REPORT_FILE) await writeFile(REPORT_FILE, JSON.stringify(lastAppReport, null, 1))

  console.log(`Lighthouse ${lastAppReport.lighthouseVersion}, ${lastAppReport.configSettings.formFactor}, ` +
    `${lastAppReport.configSettings.throttlingMethod} throttling, ${RUNS} runs each, alternating`)
  console.log(formatRows([...pages.flatMap((page) => (rows.get(page.name) ?? []).map((row, i) => [`run ${i + 1}`, page.name, row]))]))
  const app = median(rows.get(PAGE) ?? [])
  const floor = median(rows.get('static copy') ?? [])
  console.log('Medians:')
  console.log(formatRows([['median', PAGE, app], ['median', 'static copy', floor]]))
  const fcpRatio = app.fcp / floor.fcp
  const lcpRatio = app.lcp / floor.lcp
  console.log(`Ratios to the static copy: FCP ${fcpRatio.toFixed(2)}×, LCP ${lcpRatio.toFixed(2)}× (target ≤ ${MAX_RATIO_TO_STATIC}×)`)

  if (fcpRatio > MAX_RATIO_TO_STATIC) problems.push(`FCP is ${fcpRatio.toFixed(2)}× the static copy's`)
  if (lcpRatio > MAX_RATIO_TO_STATIC) problems.push(`LCP is ${lcpRatio.toFixed(2)}× the static copy's`)
  if (app.tbt > MAX_TBT_MS) problems.push(`TBT ${app.tbt.toFixed(0)} ms > ${MAX_TBT_MS} ms`)
  const worstCls = Math.max(...(rows.get(PAGE) ?? []).map((row) => row.cls))
  if (worstCls > MAX_CLS) problems.push(`CLS ${worstCls.toFixed(3)} > ${MAX_CLS} (worst run)`)
  for (const [id, target] of Object.entries(TARGETS)) {
    const score = app.scores[id]
    if (score < target) problems.push(`${id} ${score} < ${target} (median)`)
  }

  console.log(`Failing audits of ${PAGE}, last run (score < 1, in a scored category):`)
  const failing = failingAudits(lastAppReport)
  console.log(failing.length ? failing.map((line) => `  ${line}`).join('\n') : '  none')
} catch (error) {
  problems.push(String(/** @type {Error} */ (error)?.stack ?? error))
} finally {
  await chrome?.kill()
  await server.stop()
  await rm(staticPath, { force: true })
}
if (problems.length) {
  console.error(`bench:lighthouse: OFF TARGET\n${problems.map((problem) => `  - ${problem}`).join('\n')}`)
  process.exit(1)
}
console.log('bench:lighthouse: on target')
process.exit(0)

/**
 * @typedef {object} Row
 * @property {Record<string, number>} scores 0–100 per category
 * @property {number} fcp ms
 * @property {number} lcp ms
 * @property {number} tbt ms
 * @property {number} cls
 * @property {number} si ms
 */

/**
 * One Lighthouse run (mobile preset: simulated slow 4G, 4× CPU slowdown).
 * @param {string} url
 * @param {number} port
 */
async function audit(url, port) {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: Object.keys(TARGETS) })
  if (!result) throw new Error('Lighthouse returned no result')
  const { lhr } = result
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
  return lhr
}

/**
 * @param {any} lhr
 * @returns {Row}
 */
function toRow(lhr) {
  /** @type {Record<string, number>} */
  const scores = {}
  for (const id of Object.keys(TARGETS)) scores[id] = Math.round((lhr.categories[id].score ?? 0) * 100)
  const value = (/** @type {string} */ id) => Number(lhr.audits[id].numericValue ?? NaN)
  return { scores, fcp: value(METRICS.fcp), lcp: value(METRICS.lcp), tbt: value(METRICS.tbt), cls: value(METRICS.cls), si: value(METRICS.si) }
}

/**
 * The median of every score and metric, each taken on its own.
 * @param {Row[]} rows
 * @returns {Row}
 */
function median(rows) {
  const of = (/** @type {number[]} */ values) => {
    const sorted = [...values].sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
  /** @type {Record<string, number>} */
  const scores = {}
  for (const id of Object.keys(TARGETS)) scores[id] = of(rows.map((row) => row.scores[id]))
  return {
    scores,
    fcp: of(rows.map((row) => row.fcp)),
    lcp: of(rows.map((row) => row.lcp)),
    tbt: of(rows.map((row) => row.tbt)),
    cls: of(rows.map((row) => row.cls)),
    si: of(rows.map((row) => row.si)),
  }
}

/**
 * @param {Array<[string, string, Row]>} rows label, page, figures
 */
function formatRows(rows) {
  const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(2)} s`
  const header = ['', 'page', 'perf', 'a11y', 'best-pr', 'seo', 'FCP', 'LCP', 'TBT', 'CLS', 'SI']
  const lines = rows.map(([label, page, row]) => [
    label,
    page,
    String(row.scores.performance),
    String(row.scores.accessibility),
    String(row.scores['best-practices']),
    String(row.scores.seo),
    seconds(row.fcp),
    seconds(row.lcp),
    `${row.tbt.toFixed(0)} ms`,
    row.cls.toFixed(3),
    seconds(row.si),
  ])
  const all = [header, ...lines]
  const width = header.map((_, column) => Math.max(...all.map((line) => line[column].length)))
  return all.map((line) => `  ${line.map((cell, column) => (column < 2 ? cell.padEnd(width[column]) : cell.padStart(width[column]))).join('  ')}`).join('\n')
}

/**
 * "[category] id: title (value) score s" for every audit below 1 in a scored category, with its first rows.
 * @param {any} lhr
 * @returns {string[]}
 */
function failingAudits(lhr) {
  const lines = []
  for (const category of Object.values(/** @type {Record<string, any>} */ (lhr.categories))) {
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id]
      if (audit.score === null || audit.score >= 1 || audit.scoreDisplayMode === 'informative') continue
      if (audit.scoreDisplayMode === 'metricSavings' && audit.score >= 0.9) continue
      lines.push(`[${category.id}] ${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''} score ${audit.score}`)
      for (const line of describeItems(audit.details)) lines.push(`    ${line}`)
    }
  }
  return lines
}

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
