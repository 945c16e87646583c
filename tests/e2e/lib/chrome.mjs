// Where the browser tests, the budget check and the Lighthouse bench find Chromium, and how they start it.
import { existsSync } from 'node:fs'

/** Searched in order when CHROME_PATH is not set (.ci/run searches the same list). */
export const CHROME_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
]

/** Flags for a quiet, reproducible browser in a container: no sandbox (root), no GPU, no background traffic. */
export const CHROME_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export const CHROME_HOW_TO_INSTALL = [
  'No Chromium found. Browser tests need one; they are never skipped.',
  `Looked at: CHROME_PATH (${process.env.CHROME_PATH || 'unset'}), ${CHROME_CANDIDATES.join(', ')}.`,
  'Install it:   apt-get update && apt-get install -y chromium      (Debian/Ubuntu, as root)',
  'or point to one:   CHROME_PATH=/path/to/chrome npm run test:e2e',
].join('\n')

/**
 * The Chromium to drive: CHROME_PATH if set (must exist), else the first candidate that exists.
 * @returns {string | undefined}
 */
export function findChrome() {
  const fromEnv = process.env.CHROME_PATH
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  return CHROME_CANDIDATES.find((path) => existsSync(path))
}

/**
 * findChrome() or exit 1 with install instructions.
 * @returns {string}
 */
export function requireChrome() {
  const path = findChrome()
  if (!path) {
    console.error(CHROME_HOW_TO_INSTALL)
    process.exit(1)
  }
  return path
}
