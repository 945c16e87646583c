// Too many failed logins, in Chromium: the mock (2 failures lock the pair, a 4-second cool-off) answers 429; the
// login page counts the wait down in English and in Chinese, "Log in" stays disabled and no request leaves the page
// until the time is up; then the password that was typed logs in.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { assertNoProblems, launchBrowser, openPage, recordApiCalls, screenshot, waitForApp } from './lib/index.mjs'

/** Small, so the test is quick: the second wrong password locks, the lockout lasts 4 s. */
const MOCK_SETTINGS = { loginFailureLimit: 2, loginCooloffSeconds: 4, latencyMs: 0 }
const COOLOFF_SECONDS = MOCK_SETTINGS.loginCooloffSeconds

/** @type {import('playwright-core').Browser} */
let browser
before(async () => {
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
})

const LANGUAGES = [
  {
    name: 'en',
    locale: 'en-US',
    labels: { username: 'Username', password: 'Password', submit: 'Log in' },
    wrong: 'Incorrect username or password',
    /** @param {number} seconds */
    countdown: (seconds) => `Too many failed attempts. Try again in 0:${String(seconds).padStart(2, '0')}.`,
  },
  {
    name: 'zh-CN',
    locale: 'zh-CN',
    labels: { username: '用户名', password: '密码', submit: '登录' },
    wrong: '用户名或密码错误',
    /** @param {number} seconds */
    countdown: (seconds) => `失败次数过多，请在 ${seconds} 秒后重试。`,
  },
]

for (const language of LANGUAGES) {
  test(`locked out (${language.name}): the countdown ticks, Log in is disabled, nothing is sent; then the typed password logs in`, async () => {
    const { context, page, problems } = await openPage(browser, { locale: language.locale, mockSettings: MOCK_SETTINGS })
    const calls = recordApiCalls(context)
    /** Token requests the page sent, as the browser saw them (the mock's own log counts its answers). */
    let sent = 0
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/token/') sent += 1
    })
    const tokenAnswers = async () => (await calls(page)).filter((call) => call.path === '/api/token/')
    try {
      await page.goto('/login')
      await waitForApp(page)
      const submit = page.getByRole('button', { name: language.labels.submit })
      const password = page.getByLabel(language.labels.password)
      await page.getByLabel(language.labels.username).fill('demo')
      await password.fill('wrong')
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        await submit.click()
        await page.waitForFunction((count) => window.mockBackend.calls.filter((call) => call.path === '/api/token/').length === count, attempt)
        await page.getByRole('alert').filter({ hasText: language.wrong }).waitFor()
      }
      await password.fill('demo123')
      await submit.click()

      const timer = page.getByRole('timer')
      await timer.waitFor()
      assert.deepEqual((await tokenAnswers()).map((call) => call.status), [401, 401, 429])
      const first = await timer.textContent()
      assert.ok([language.countdown(COOLOFF_SECONDS), language.countdown(COOLOFF_SECONDS - 1)].includes(first ?? ''), `countdown: ${first}`)
      assert.equal(await submit.isDisabled(), true)
      assert.equal(await submit.getAttribute('aria-describedby'), await timer.getAttribute('id'))
      await screenshot(page, `lockout-countdown-${language.name}`)
      // The smallest phones: the message wraps inside its box, the button keeps its width.
      await page.setViewportSize({ width: 320, height: 640 })
      await screenshot(page, `lockout-countdown-${language.name}-320`)

      // It ticks: the next second shows.
      const shown = Number((first ?? '').match(/(\d+)\D*$/)?.[1])
      await page.getByRole('timer').filter({ hasText: language.countdown(shown - 1) }).waitFor({ timeout: 3000 })

      // Enter in the password field and a forced click on the disabled button send nothing.
      await password.press('Enter')
      await submit.click({ force: true })
      assert.equal(sent, 3, 'a token request left the page during the lockout')
      assert.equal((await tokenAnswers()).length, 3)

      // The end: no timer, Log in enabled, what was typed still there.
      await timer.waitFor({ state: 'detached', timeout: (COOLOFF_SECONDS + 2) * 1000 })
      assert.equal(await submit.isEnabled(), true)
      assert.equal(await password.inputValue(), 'demo123')
      assert.equal(sent, 3)
      await submit.click()
      await page.waitForURL('**/orders')
      assert.deepEqual((await tokenAnswers()).map((call) => call.status), [401, 401, 429, 200])
      assert.equal(sent, 4)
      assertNoProblems(problems)
    } finally {
      if (problems.length) console.error('problems seen:', problems)
      await context.close()
    }
  })
}
