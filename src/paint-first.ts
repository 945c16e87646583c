/**
 * The page's entry script. The HTML (pre-rendered, or the app's frame) and its CSS paint first; the app's
 * JavaScript is fetched only then, so on a slow link it never competes with the stylesheets for the first
 * paint. The app hydrates the page when it arrives, keeping whatever was typed meanwhile (see main.ts).
 */
import { AFTER_FIRST_PAINT_TEMPLATE_ID } from './prerendered-marks'
import './styles/theme.css'
import './styles/app-frame.css'

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
  // The page's own chunks (listed by the build) start downloading together with the app's.
  const preloads = document.getElementById(AFTER_FIRST_PAINT_TEMPLATE_ID)
  if (preloads instanceof HTMLTemplateElement) document.head.append(preloads.content)
  void import('./main')
})
