/**
 * The only script in the built HTML (deploy/prerender/vite-plugin.ts puts it there). The page's HTML (pre-rendered,
 * or the app's frame) and its CSS paint first; the app is fetched only then, so on a slow link its JavaScript
 * never competes with the stylesheets for the first paint. The app hydrates the page when it arrives, keeping
 * whatever was typed meanwhile (see main.ts). No imports: this file is its own tiny chunk.
 */

/** The <template> holding the app's entry and chunks as <link rel="modulepreload">s (prerendered-marks.ts). */
const TEMPLATE_ID = 'after-first-paint'

/** Calls `start` once the browser has painted something (at once in a hidden tab, which paints nothing). */
function afterFirstPaint(start: () => void): void {
  let started = false
  const once = () => {
    if (started) return
    started = true
    start()
  }
  if (document.visibilityState === 'hidden' || !PerformanceObserver.supportedEntryTypes?.includes('paint')) {
    setTimeout(once)
    return
  }
  new PerformanceObserver((_entries, observer) => {
    observer.disconnect()
    once()
  }).observe({ type: 'paint', buffered: true })
}

afterFirstPaint(() => {
  const template = document.getElementById(TEMPLATE_ID)
  if (!(template instanceof HTMLTemplateElement)) return
  const links = [...template.content.querySelectorAll('link')]
  const entry = links.find((link) => link.hasAttribute('data-app-entry'))?.getAttribute('href')
  // The entry's own imports (the framework): evaluated one a task before the entry, not all in one long task.
  const imports = links.filter((link) => link.hasAttribute('data-app-import')).map((link) => link.getAttribute('href') ?? '')
  const evaluateNext = () => {
    const next = imports.shift()
    if (next) void import(/* @vite-ignore */ next).then(() => setTimeout(evaluateNext))
    else if (entry) void import(/* @vite-ignore */ entry)
  }
  // Every chunk the page needs starts downloading, the entry first; the modules run once they have arrived.
  // One link a task: each starts a request, a few ms of a slow phone's main thread, and all in one made a long task.
  const startNext = () => {
    const link = links.shift()
    if (link) {
      document.head.append(link)
      setTimeout(startNext)
    } else evaluateNext()
  }
  startNext()
})
