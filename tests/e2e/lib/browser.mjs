// Playwright helpers for the browser tests: a browser, pages that record every problem, screenshots, login.
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { CHROME_FLAGS, requireChrome } from './chrome.mjs'

/** localStorage key the mock backend reads its settings from (see packages/mock/src/config.ts). */
export const MOCK_SETTINGS_KEY = 'mock-backend.settings'
const SCREENSHOT_DIR = fileURLToPath(new URL('../../../.e2e-artifacts/screenshots/', import.meta.url))
const CSP_MARKER = '[e2e:csp-violation]'

/**
 * @typedef {object} Problem
 * @property {'console' | 'pageerror' | 'requestfailed' | 'http' | 'csp'} kind
 * @property {string} text
 */

/**
 * @typedef {object} OpenPageOptions
 * @property {string} [locale] browser locale (navigator.language), default 'en-US'
 * @property {Record<string, unknown>} [mockSettings] written to localStorage[MOCK_SETTINGS_KEY] before the app boots,
 *   e.g. { accessSeconds: 3, rotate: true, latencyMs: 0 }
 * @property {Record<string, string>} [storage] extra localStorage entries written before the app boots
 * @property {string} [baseURL] default process.env.E2E_BASE_URL
 * @property {Array<string | RegExp>} [allow] problems whose text matches one of these are intentional and not recorded
 */

/**
 * Headless Chromium (CHROME_PATH or the system one) with the container-friendly flags.
 * @returns {Promise<import('playwright-core').Browser>}
 */
export function launchBrowser() {
  return chromium.launch({ executablePath: requireChrome(), headless: true, args: CHROME_FLAGS, timeout: 60_000 })
}

/**
 * A new context (fresh storage) and one page in it, watched for problems.
 * Storage is seeded once per tab (first document of our origin), so reloads keep what the app wrote.
 * @param {import('playwright-core').Browser} browser
 * @param {OpenPageOptions} [options]
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, problems: Problem[] }>}
 */
export async function openPage(browser, { locale = 'en-US', mockSettings, storage = {}, baseURL, allow = [] } = {}) {
  const base = baseURL ?? process.env.E2E_BASE_URL
  assert.ok(base, 'E2E_BASE_URL is not set: run the browser tests with `npm run test:e2e`')
  const context = await browser.newContext({ locale, baseURL: base, viewport: { width: 390, height: 844 } })
  context.setDefaultTimeout(15_000)
  context.setDefaultNavigationTimeout(30_000)
  const seed = { ...storage }
  if (mockSettings) seed[MOCK_SETTINGS_KEY] = JSON.stringify(mockSettings)
  const { page, problems } = await openTab(context, { allow })
  await page.addInitScript(
    ({ origin, entries }) => {
      if (location.origin !== origin || sessionStorage.getItem('e2e.seeded')) return
      sessionStorage.setItem('e2e.seeded', '1')
      for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value)
    },
    { origin: new URL(base).origin, entries: seed },
  )
  return { context, page, problems }
}

/**
 * Another page in the same context: a second tab sharing localStorage (and the service worker) with the first.
 * @param {import('playwright-core').BrowserContext} context
 * @param {{ allow?: Array<string | RegExp> }} [options]
 * @returns {Promise<{ page: import('playwright-core').Page, problems: Problem[] }>}
 */
export async function openTab(context, { allow = [] } = {}) {
  const page = await context.newPage()
  // securitypolicyviolation events are reported through the console, where watchProblems picks them up.
  await page.addInitScript((marker) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.warn(`${marker} ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`)
    })
  }, CSP_MARKER)
  const problems = watchProblems(page, allow)
  return { page, problems }
}

/**
 * Records console errors, uncaught errors and rejections, failed or 4xx/5xx requests for our own
 * static files (API statuses are the app's business), and CSP violations.
 * @param {import('playwright-core').Page} page
 * @param {Array<string | RegExp>} allow
 * @returns {Problem[]}
 */
function watchProblems(page, allow) {
  /** @type {Problem[]} */
  const problems = []
  const origin = () => {
    try {
      return new URL(page.url()).origin
    } catch {
      return ''
    }
  }
  const isOurs = (/** @type {string} */ url) => origin() !== 'null' && url.startsWith(origin())
  const isApi = (/** @type {string} */ url) => isOurs(url) && new URL(url).pathname.startsWith('/api/')
  const record = (/** @type {Problem['kind']} */ kind, /** @type {string} */ text) => {
    const allowed = allow.some((pattern) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)))
    if (!allowed) problems.push({ kind, text })
  }

  page.on('console', (message) => {
    const text = message.text()
    if (text.startsWith(CSP_MARKER)) return record('csp', text.slice(CSP_MARKER.length + 1))
    if (message.type() !== 'error') return
    // Chromium words it "Refused to …" or "Executing inline script violates … Content Security Policy …".
    if (text.startsWith('Refused to') || text.includes('Content Security Policy')) return record('csp', text)
    // Chromium logs every 4xx/5xx response as a console error; the API's 401/404s are expected app traffic.
    const location = message.location().url
    if (text.startsWith('Failed to load resource') && isApi(location)) return
    record('console', `${text}${location ? ` (${location})` : ''}`)
  })
  page.on('pageerror', (error) => record('pageerror', error.stack || String(error)))
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? ''
    // Aborted requests are navigations or fetches the app cancelled on purpose.
    if (isOurs(request.url()) && reason !== 'net::ERR_ABORTED') record('requestfailed', `${request.method()} ${request.url()} ${reason}`)
  })
  page.on('response', (response) => {
    const url = response.url()
    if (response.status() >= 400 && isOurs(url) && !isApi(url)) record('http', `${response.status()} ${url}`)
  })
  return problems
}

/**
 * Fails with the full list when anything was recorded.
 * @param {Problem[]} problems
 */
export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], `the page reported problems:\n${problems.map((p) => `  ${p.kind}: ${p.text}`).join('\n')}`)
}

/**
 * Full-page screenshot to .e2e-artifacts/screenshots/<name>.png; returns the path.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @returns {Promise<string>}
 */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true })
  const path = `${SCREENSHOT_DIR}${name}.png`
  await page.screenshot({ path, fullPage: true })
  return path
}

/**
 * Waits until the app has mounted (or hydrated the pre-rendered page): before that, /login is HTML only.
 * @param {import('playwright-core').Page} page
 */
export async function waitForApp(page) {
  await page.waitForFunction(() => '__vue_app__' in (document.querySelector('#app') ?? {}))
}

/**
 * Fills the login form by its accessible names and submits it (the page must be showing /login).
 * @param {import('playwright-core').Page} page
 * @param {string} username
 * @param {string} password
 */
export async function login(page, username, password) {
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
}

/**
 * Records every toast the page shows (its text, each time one appears), across the page's lifetime.
 * @param {import('playwright-core').Page} page
 */
export async function recordToasts(page) {
  await page.addInitScript(() => {
    /** @type {string[]} */
    const shown = []
    Object.assign(window, { e2eToasts: shown })
    const state = new WeakMap()
    const look = () => {
      for (const toast of document.querySelectorAll('.van-toast')) {
        const visible = getComputedStyle(toast).display !== 'none'
        const text = (toast.textContent ?? '').trim()
        const before = state.get(toast)
        // A toast can be on screen a moment before its text is: count texts, not empty frames.
        if (visible && text && (!before?.visible || before.text !== text)) shown.push(text)
        state.set(toast, { visible, text })
      }
    }
    new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['style', 'class'] })
  })
  return () => page.evaluate(() => /** @type {any} */ (window).e2eToasts)
}

/**
 * Resolves once the page (recording with recordToasts) has shown `text` in a toast and that toast is gone, so that
 * every toast of the moment has been counted.
 * @param {import('playwright-core').Page} page
 * @param {string} text
 */
export async function toastShownAndGone(page, text) {
  await page.waitForFunction((expected) => /** @type {any} */ (window).e2eToasts.includes(expected), text)
  await page.locator('.van-toast').filter({ hasText: text }).waitFor({ state: 'hidden' })
}
