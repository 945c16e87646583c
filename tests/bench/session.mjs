// `npm run bench:session`: how often the session refreshes and whether anything reaches the user,
// in Chromium against the demo build with 3-second access tokens and rotation on: 1 tab, then 3 tabs,
// each working for 30 seconds. Prints figures; the targets are 1 refresh per access lifetime
// (however many tabs), 0 × 401 and 0 failed user requests.
import { performance } from 'node:perf_hooks'
import { launchBrowser, login, openPage, openTab } from '../e2e/lib/index.mjs'
import { runVite, startVite } from '../e2e/lib/server.mjs'
import { keepWorking, mockCalls, summarizeCalls } from '../e2e/lib/session-work.mjs'

const ACCESS_SECONDS = 3
const WORK_MS = Number(process.env.BENCH_SECONDS ?? 30) * 1000
const SETTINGS = { accessSeconds: ACCESS_SECONDS, rotate: true, latencyMs: 60 }

await runVite(['build', '--logLevel', 'warn'], { VITE_API_MOCK: 'true' })
const server = await startVite({ mode: 'preview', args: ['--outDir', 'dist-demo'] })
const browser = await launchBrowser()

/** @param {number} tabs */
async function scenario(tabs) {
  const { context, page } = await openPage(browser, { baseURL: server.url, mockSettings: SETTINGS })
  try {
    await page.goto('/login?redirect=/orders')
    await login(page, 'demo', 'demo123')
    await page.getByRole('button', { name: 'New order' }).waitFor()
    const pages = [page]
    for (let i = 1; i < tabs; i += 1) {
      const { page: tab } = await openTab(context)
      await tab.goto('/orders')
      await tab.getByRole('button', { name: 'New order' }).waitFor()
      pages.push(tab)
    }
    const since = await page.evaluate(() => Date.now())
    const started = performance.now()
    const opened = await Promise.all(pages.map((tab) => keepWorking(tab, Date.now() + WORK_MS).catch(() => -1)))
    const elapsed = performance.now() - started
    const summary = summarizeCalls((await mockCalls(page)).filter((call) => call.at >= since))
    const lifetimes = elapsed / (ACCESS_SECONDS * 1000)
    const failedTabs = opened.filter((count) => count < 0).length
    return {
      tabs,
      seconds: +(elapsed / 1000).toFixed(1),
      'orders opened': opened.join('+'),
      requests: summary.requests,
      refreshes: summary.refreshes,
      'refreshes per lifetime': +(summary.refreshes / lifetimes).toFixed(2),
      '401 seen': summary.refused,
      'failed user requests': summary.failed + failedTabs,
      '401 per minute': +(summary.refused / (elapsed / 60_000)).toFixed(2),
    }
  } finally {
    await context.close()
  }
}

try {
  const rows = [await scenario(1), await scenario(3)]
  console.log(`bench:session — access ${ACCESS_SECONDS} s, rotation on, ${WORK_MS / 1000} s of work per scenario`)
  console.table(rows)
} finally {
  await browser.close()
  await server.stop()
}
