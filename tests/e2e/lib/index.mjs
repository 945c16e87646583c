// One import for the browser tests: `import { launchBrowser, openPage, ... } from './lib/index.mjs'`.
export { launchBrowser, openPage, openTab, assertNoProblems, screenshot, login, waitForApp, recordToasts, toastShownAndGone, MOCK_SETTINGS_KEY } from './browser.mjs'
export { findChrome, requireChrome, CHROME_FLAGS, CHROME_CANDIDATES } from './chrome.mjs'
export { startVite, runVite, freePort, ROOT } from './server.mjs'
export { E2E_BACKEND, recordApiCalls } from './backend.mjs'
export { MOCK_DB_KEY, openDevice, shareServer } from './devices.mjs'
