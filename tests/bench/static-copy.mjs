// The floor for a page: what Chromium shows once the app has rendered it, with every script dropped.
// Same HTML, same stylesheets (linked from the same server), nothing to download or run but CSS.
import { launchBrowser } from '../e2e/lib/browser.mjs'

/**
 * Renders `url` in headless Chromium (as an English browser), waits for `ready` to be visible, and returns the
 * document as HTML without any <script>, module preload or script preload: a static copy of the rendered page.
 * @param {string} url
 * @param {{ ready: string, locale?: string }} options `ready`: a CSS selector the rendered page shows
 * @returns {Promise<string>}
 */
export async function renderStaticCopy(url, { ready, locale = 'en-US' }) {
  const browser = await launchBrowser()
  try {
    const context = await browser.newContext({ locale, viewport: { width: 390, height: 844 } })
    const page = await context.newPage()
    await page.goto(url, { waitUntil: 'load' })
    await page.locator(ready).first().waitFor({ state: 'visible' })
    const html = await page.evaluate(() => {
      const root = /** @type {HTMLElement} */ (document.documentElement.cloneNode(true))
      const scripts = root.querySelectorAll('script, link[rel="modulepreload"], link[rel="preload"][as="script"]')
      for (const element of scripts) element.remove()
      return `<!doctype html>\n${root.outerHTML}`
    })
    await context.close()
    if (/<script\b/i.test(html)) throw new Error('the static copy still has a <script>')
    return html
  } finally {
    await browser.close()
  }
}
