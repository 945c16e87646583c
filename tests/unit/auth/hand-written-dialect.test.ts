/**
 * The worked example of the Dialect port: the seeds' hand-written PyJWT login view (always 200, `status` says
 * whether it worked, the bare token in Authorization, no refresh). A tiny msw server plays that view.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { http as mswHttp, HttpResponse } from 'msw'
import { SignJWT, decodeJwt } from 'jose'
import { InvalidCredentialsError } from '@packages/session/dialect'
import { createHandWrittenViewDialect } from '../../../docs/examples/handWrittenViewDialect'
import { createTestClient } from '../../support/session-client'
import { createFakeLocks, createManualTime, createSharedStorage, type ManualTime } from '../../support/tabs'

const SECRET = new TextEncoder().encode('seed-secret')
const LIFETIME_SECONDS = 600
let time: ManualTime
let authorizations: Array<string | null>
let logins: number

const server = setupServer(
  mswHttp.post('*/api/login/', async ({ request }) => {
    logins += 1
    const form = new URLSearchParams(await request.text())
    if (form.get('username') !== 'demo' || form.get('password') !== 'demo123') return HttpResponse.json({ status: false, error: '用户名或密码错误' })
    const now = Math.floor(time.now() / 1000)
    const token = await new SignJWT({ user_id: 1, username: 'demo', exp: now + LIFETIME_SECONDS }).setProtectedHeader({ alg: 'HS256' }).sign(SECRET)
    return HttpResponse.json({ status: true, token })
  }),
  mswHttp.get('*/api/orders/', ({ request }) => {
    const header = request.headers.get('authorization')
    authorizations.push(header)
    const exp = header ? (decodeJwt(header).exp ?? 0) : 0
    if (exp * 1000 <= time.now()) return HttpResponse.json({ detail: 'expired' }, { status: 401 })
    return HttpResponse.json({ count: 0, next: null, previous: null, results: [] })
  }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => {
  time = createManualTime()
  authorizations = []
  logins = 0
})

function newClient() {
  return createTestClient({
    time,
    tab: createSharedStorage().tab(),
    locks: createFakeLocks(),
    dialect: (post) => createHandWrittenViewDialect({ post }),
  })
}

describe('a dialect for a hand-written login view', () => {
  it('logs in with form fields and sends the bare token in Authorization', async () => {
    const client = newClient()
    await client.login()
    await client.http.get('/orders/')
    const token = client.session.current()?.access
    expect(authorizations).toEqual([token])
    expect(client.session.current()?.refresh).toBeNull()
  })

  it('reads a refusal from `status: false`, never from the error text', async () => {
    const client = newClient()
    await expect(client.login('demo', 'nope')).rejects.toBeInstanceOf(InvalidCredentialsError)
    expect(client.session.isLoggedIn()).toBe(false)
  })

  it('keeps the session until exp, then ends it once with no refresh call and no request sent with the expired token', async () => {
    const client = newClient()
    await client.login()
    for (let elapsed = 0; elapsed < LIFETIME_SECONDS - 30; elapsed += 30) {
      time.advance(30_000)
      await client.http.get('/orders/')
    }
    expect(client.session.isLoggedIn()).toBe(true)
    time.advance(60_000)
    await expect.poll(() => client.events.filter((event) => event.type === 'expired')).toEqual([{ type: 'expired', reason: 'refresh-expired' }])
    await expect(client.http.get('/orders/')).rejects.toMatchObject({ status: 401 })
    expect(authorizations.at(-1)).toBeNull() // logged out: the last request went without a token
    expect(logins).toBe(1)
  })
})
