// Paint before JavaScript: /login and the not-found page arrive pre-rendered in the user's language, the app
// hydrates them without a warning or a visible change, and what was typed meanwhile survives.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertNoProblems, launchBrowser, login, openPage, screenshot } from './lib/index.mjs'

const LOCALE_COOKIE = 'vue_jwt_drf_locale'
const TEXTS = {
  'en-US': { lang: 'en', username: 'Username', password: 'Password', submit: 'Log in', title: 'Log in · Orders', notFound: 'Page not found' },
  'zh-CN': { lang: 'zh-CN', username: '用户名', password: '密码', submit: '登录', title: '登录 · 订单', notFound: '页面不存在' },
}

/** @type {import('playwright-core').Browser} */
let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

/**
 * A context with JavaScript off: what the browser paints before any script has run.
 * @param {string} locale
 */
async function withoutJavaScript(locale) {
  const context = await browser.newContext({ locale, javaScriptEnabled: false, baseURL: process.env.E2E_BASE_URL, viewport: { width: 390, height: 844 } })
  return { context, page: await context.newPage() }
}

/**
 * Every console message that talks about hydration (Vue's mismatch warnings and its summary error).
 * @param {import('playwright-core').Page} page
 */
function watchHydrationMessages(page) {
  /** @type {string[]} */
  const messages = []
  page.on('console', (message) => {
    if (/hydrat|mismatch/i.test(message.text())) messages.push(`${message.type()}: ${message.text()}`)
  })
  return messages
}

/**
 * Runs `steps` in a page of a fresh context; then asserts that no console message talked about hydration and that
 * the page had no other problem (console error, failed request, CSP violation).
 * @param {Parameters<typeof openPage>[1]} options
 * @param {(page: import('playwright-core').Page, context: import('playwright-core').BrowserContext) => Promise<void>} steps
 */
async function inCleanPage(options, steps) {
  const { context, page, problems } = await openPage(browser, options)
  const hydrationMessages = watchHydrationMessages(page)
  try {
    await steps(page, context)
    assert.deepEqual(hydrationMessages, [])
    assertNoProblems(problems)
  } finally {
    await context.close()
  }
}

/**
 * Every element's tag and box inside #app, in document order: what a visible change would alter.
 * @param {import('playwright-core').Page} page
 */
function elementBoxes(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('#app *')].map((element) => {
      const box = element.getBoundingClientRect()
      return `${element.tagName} ${box.x},${box.y} ${box.width}x${box.height}`
    }),
  )
}

/** Pixels a repaint of the same page may differ by (anti-aliased corners). */
const MAX_RASTER_NOISE_PIXELS = 40

/**
 * How many pixels differ between two PNG screenshots of the same size (decoded by Chromium itself).
 * @param {Buffer} first
 * @param {Buffer} second
 */
async function differentPixels(first, second) {
  const page = await browser.newPage()
  try {
    return await page.evaluate(async (sources) => {
      const decode = async (/** @type {string} */ source) => {
        const bitmap = await createImageBitmap(await (await fetch(source)).blob())
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
        const context = /** @type {OffscreenCanvasRenderingContext2D} */ (canvas.getContext('2d'))
        context.drawImage(bitmap, 0, 0)
        return context.getImageData(0, 0, bitmap.width, bitmap.height).data
      }
      const [a, b] = await Promise.all(sources.map(decode))
      if (a.length !== b.length) return Infinity
      let count = 0
      for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) count += 1
      return count
    }, [first, second].map((png) => `data:image/png;base64,${png.toString('base64')}`))
  } finally {
    await page.close()
  }
}

for (const [locale, text] of Object.entries(TEXTS)) {
  test(`without JavaScript, /login shows the form in ${text.lang} to a ${locale} browser`, async () => {
    const { context, page } = await withoutJavaScript(locale)
    try {
      const response = await page.goto('/login')
      assert.equal(response?.status(), 200)
      assert.match(response?.headers().vary ?? '', /Cookie/)
      assert.equal(await page.locator('html').getAttribute('lang'), text.lang)
      assert.equal(await page.title(), text.title)
      await page.getByLabel(text.username).waitFor()
      await page.getByLabel(text.password).waitFor()
      assert.equal(await page.getByRole('button', { name: text.submit }).count(), 1)
      const path = await screenshot(page, `first-paint-login-${text.lang}`)
      console.log(`first paint (no JavaScript): ${path}`)
    } finally {
      await context.close()
    }
  })
}

test('the saved language (its cookie) wins over Accept-Language for the first paint', async () => {
  const { context, page } = await withoutJavaScript('en-US')
  try {
    await context.addCookies([{ name: LOCALE_COOKIE, value: 'zh-CN', url: process.env.E2E_BASE_URL }])
    await page.goto('/login')
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
    await page.getByLabel('用户名').waitFor()
  } finally {
    await context.close()
  }
})

test('without JavaScript, an unknown path shows the not-found page (status 404) and a protected page the app frame', async () => {
  for (const [locale, text] of Object.entries(TEXTS)) {
    const { context, page } = await withoutJavaScript(locale)
    try {
      const missing = await page.goto('/no/such/page')
      assert.equal(missing?.status(), 404)
      await page.getByRole('heading', { name: text.notFound }).waitFor()
      const orders = await page.goto('/orders/7')
      assert.equal(orders?.status(), 200)
      assert.ok(await page.locator('.app-frame__header').isVisible(), 'no app frame on a client-rendered page')
      assert.ok(await page.locator('.app-frame__tabbar').isVisible(), 'no tab bar in the app frame')
      if (locale === 'en-US') await screenshot(page, 'first-paint-app-frame')
    } finally {
      await context.close()
    }
  }
})

test('/login hydrates without a hydration warning, a layout shift or a visible change, and keeps what was typed before', () =>
  inCleanPage(undefined, async (page) => {
    // Hold the app's entry chunk: the page is painted and typeable, the app not yet running.
    /** @type {(route: import('playwright-core').Route) => void} */
    let hold = () => undefined
    /** @type {Promise<import('playwright-core').Route>} */
    const mainRequested = new Promise((resolve) => {
      hold = resolve
    })
    const html = await (await page.request.get('/login', { headers: { Accept: 'text/html' } })).text()
    const entry = /<link rel="modulepreload" crossorigin href="([^"]+)" data-app-entry>/.exec(html)?.[1]
    assert.ok(entry, 'the page names no app entry to load after the first paint')
    await page.route(`**${entry}`, (route) => hold(route), { times: 1 })
    await page.goto('/login')
    const held = await mainRequested
    assert.equal(await page.evaluate(() => '__vue_app__' in (document.querySelector('#app') ?? {})), false, 'the app ran early')

    await page.getByLabel('Username').fill('demo')
    await page.getByLabel('Password').fill('demo123')
    await page.getByLabel('Password').blur()
    await page.evaluate(() => {
      const scope = /** @type {any} */ (window)
      scope.serverMain = document.querySelector('main')
      scope.layoutShift = 0
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) scope.layoutShift += /** @type {any} */ (entry).value
      }).observe({ type: 'layout-shift', buffered: true })
    })
    const beforeHydration = await page.screenshot()
    const boxesBefore = await elementBoxes(page)

    await held.continue()
    await page.waitForFunction(() => '__vue_app__' in (document.querySelector('#app') ?? {}))
    await page.waitForFunction(() => !document.querySelector('button[type="submit"]')?.hasAttribute('disabled'))
    const afterHydration = await page.screenshot()
    assert.deepEqual(await elementBoxes(page), boxesBefore, 'an element moved, appeared or vanished when the app took over')
    // Same pixels, but for the anti-aliasing of a rounded corner, which Chromium rasterizes differently from frame to frame.
    const changed = await differentPixels(beforeHydration, afterHydration)
    assert.ok(changed <= MAX_RASTER_NOISE_PIXELS, `${changed} pixels changed when the app took over`)
    assert.equal(await page.evaluate(() => document.querySelector('main') === /** @type {any} */ (window).serverMain), true, 'the page was rendered again, not hydrated')
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).layoutShift), 0)
    assert.equal(await page.getByLabel('Username').inputValue(), 'demo')
    assert.equal(await page.getByLabel('Password').inputValue(), 'demo123')

    // The form's state has what was typed: submitting logs in.
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL('**/orders')
    await page.getByRole('button', { name: 'New order' }).waitFor()
  }),
)

test('a language saved before the cookie existed: the app renders it over the server page, without a warning, and the next load comes from the server in it', () =>
  inCleanPage({ storage: { 'vue-jwt-drf.locale': 'zh-CN' } }, async (page, context) => {
    await page.goto('/login')
    await page.getByRole('button', { name: '登录' }).waitFor()
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN')
    const cookies = await context.cookies()
    assert.equal(cookies.find((cookie) => cookie.name === LOCALE_COOKIE)?.value, 'zh-CN')
    const reload = await page.reload()
    assert.match((await reload?.text()) ?? '', /<html lang="zh-CN"/)
    await page.getByRole('button', { name: '登录' }).waitFor()
  }),
)

test('logged out, a deep link to a protected page lands on /login?redirect=…; logged in, /login goes to the orders', () =>
  inCleanPage(undefined, async (page) => {
    await page.goto('/orders/7/edit')
    await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === '/orders/7/edit')
    await login(page, 'demo', 'demo123')
    await page.waitForURL((url) => url.pathname === '/orders/7/edit')
    await page.goto('/login')
    await page.waitForURL('**/orders')
    await page.getByRole('button', { name: 'New order' }).waitFor()
  }),
)
