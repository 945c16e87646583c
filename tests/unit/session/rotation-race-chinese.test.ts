/**
 * The cross-tab rotation race with a server that answers in Chinese: the tab that loses the race is refused
 * with 令牌已被加入黑名单 ("Token is blacklisted"), and must still wait for the winner's tokens instead of logging
 * out, because the session reads the status and `code`, never the words.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { createMockBackend, type MockBackend } from '@django-jwt/mock'
import { setRequestLanguage } from '@/http/language'
import { createTestClient } from '../../support/session-client'
import { createFakeLocks, createManualTime, createSharedStorage, type ManualTime } from '../../support/tabs'

const ACCESS_SECONDS = 300
const server = setupServer()
let time: ManualTime
let backend: MockBackend
const refreshAnswers: Array<{ status: number; body: string }> = []

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  time = createManualTime()
  backend = createMockBackend({ now: () => time.now(), accessSeconds: ACCESS_SECONDS, latencyMs: 0, rotate: true })
  server.resetHandlers(...backend.handlers)
  refreshAnswers.length = 0
  server.events.on('response:mocked', async ({ request, response }) => {
    if (request.url.endsWith('/token/refresh/')) refreshAnswers.push({ status: response.status, body: await response.clone().text() })
  })
  setRequestLanguage('zh-CN')
})
afterEach(() => {
  server.events.removeAllListeners()
  setRequestLanguage(null)
})

it('with rotation, a Chinese-speaking server and localStorage reaching the other tab late, both tabs stay logged in', async () => {
  const shared = createSharedStorage({ lagMs: 400 })
  const locks = createFakeLocks()
  const tabA = createTestClient({ time, tab: shared.tab(), locks })
  const tabB = createTestClient({ time, tab: shared.tab(), locks })
  await tabA.login()
  await expect.poll(() => tabB.session.isLoggedIn()).toBe(true)
  time.advance((ACCESS_SECONDS + 1) * 1000)
  const results = await Promise.allSettled([tabA.http.get('/orders/1/'), tabB.http.get('/orders/2/')])
  expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled'])
  // The loser really was refused, in Chinese; then it took the winner's tokens.
  await expect.poll(() => refreshAnswers.map((answer) => answer.status)).toEqual([200, 200])
  expect(JSON.parse(refreshAnswers[1]?.body ?? '{}').refresh).toBe(JSON.parse(refreshAnswers[0]?.body ?? '{}').refresh)
  expect([tabA, tabB].flatMap((tab) => tab.events).filter((event) => event.type === 'expired')).toEqual([])
  expect(tabA.session.current()?.refresh).toBe(tabB.session.current()?.refresh)
})
