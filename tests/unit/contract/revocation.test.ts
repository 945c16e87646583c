/**
 * Contract (mock): revocation by the user's token version. POST /me/password/ and POST /me/logout-all/ through
 * src/api/me.ts; exact bodies and headers through raw(). The same requests run against Django in
 * tests/differential/revocation.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { obtainToken, refreshToken, verifyToken } from '@/api/auth'
import { changePassword, getMe, logoutAll } from '@/api/me'
import { getOrder, listOrders } from '@/api/orders'
import { newJti } from '../../../packages/mock/src/jwt'
import { useMockBackend } from '../../support/mock-backend'
import { ADMIN, DEMO, NOT_PROVIDED, WWW_AUTHENTICATE, claimsOf, invalidAccessBody, login, raw, tokenNotValid, withToken } from './helpers'

const START = Date.UTC(2026, 10, 23, 12, 0, 0)
let now = START
// ROTATE=0 (the server's stock refresh) unless a test turns rotation on.
const backend = useMockBackend({ now: () => now, rotate: false })
beforeEach(() => {
  now = START
})

const NEW_PASSWORD = 'kettle-violet-42'
/** VersionedJWTAuthentication refuses a revoked access token as a forged one (simplejwt 5.4+: "Token is invalid"). */
const REFUSED = invalidAccessBody('Token is invalid')
const BLACKLISTED = tokenNotValid('Token is blacklisted')
const MESSAGES = {
  oldPasswordWrong: 'Your old password was entered incorrectly. Please enter it again.',
  similar: 'The password is too similar to the username.',
  short: 'This password is too short. It must contain at least 8 characters.',
  common: 'This password is too common.',
  numeric: 'This password is entirely numeric.',
}

function change(access: string, oldPassword = DEMO.password, newPassword = NEW_PASSWORD) {
  return changePassword({ old_password: oldPassword, new_password: newPassword }, withToken(access))
}

/** Refused by every protected endpoint with the answer a forged token gets. */
async function expectAccessRefused(access: string): Promise<void> {
  for (const path of ['/me/', '/orders/', '/orders/1/']) {
    const response = await raw('GET', path, { headers: { Authorization: `JWT ${access}` } })
    expect(response.status).toBe(401)
    expect(response.data).toEqual(REFUSED)
    expect(response.headers['www-authenticate']).toBe(WWW_AUTHENTICATE)
  }
}

async function expectRefreshRefused(refresh: string): Promise<void> {
  await expect(refreshToken(refresh)).rejects.toMatchObject({ status: 401, detail: BLACKLISTED.detail, code: 'token_not_valid' })
}

describe('POST /me/password/', () => {
  it('answers 200 {access, refresh} of the next token version, and every older token of the user is refused', async () => {
    const deviceA = await login()
    const deviceB = await login()
    const admin = await login(ADMIN)
    const pair = await change(deviceA.access)
    expect(Object.keys(pair)).toEqual(['access', 'refresh'])
    for (const [kind, token] of [['access', pair.access], ['refresh', pair.refresh]] as const) {
      expect(Object.keys(claimsOf(token))).toEqual(['token_type', 'exp', 'iat', 'jti', 'user_id', 'token_version', 'sid'])
      expect(claimsOf(token)).toMatchObject({ token_type: kind, user_id: '1', token_version: 1, iat: Math.floor(START / 1000) })
    }
    for (const old of [deviceA, deviceB]) {
      await expectAccessRefused(old.access)
      await expectRefreshRefused(old.refresh)
    }
    await expect(getMe(withToken(pair.access))).resolves.toEqual({ id: 1, username: 'demo' })
    const refreshed = await refreshToken(pair.refresh)
    expect(claimsOf(refreshed.access).token_version).toBe(1)
    await expect(listOrders({}, withToken(refreshed.access))).resolves.toHaveProperty('count', 25)
    // Another user is untouched.
    await expect(getOrder(26, admin.auth)).resolves.toHaveProperty('number', 'SO-000026')
    await expect(refreshToken(admin.refresh)).resolves.toHaveProperty('access')
  })

  it('the old password no longer logs in; the new one does, with tokens of the new version', async () => {
    await change((await login()).access)
    await expect(obtainToken(DEMO)).rejects.toMatchObject({ status: 401, detail: 'No active account found with the given credentials' })
    const pair = await obtainToken({ username: 'demo', password: NEW_PASSWORD })
    expect(claimsOf(pair.refresh).token_version).toBe(1)
    await expect(getMe(withToken(pair.access))).resolves.toHaveProperty('username', 'demo')
  })

  it('the new pair can change the password again (version 2), which revokes it in turn', async () => {
    const pair = await change((await login()).access)
    const second = await change(pair.access, NEW_PASSWORD, 'another-kettle-43')
    expect(claimsOf(second.access).token_version).toBe(2)
    await expectAccessRefused(pair.access)
    await expectRefreshRefused(pair.refresh)
  })

  it('answers 400 {old_password} for a wrong current password and changes nothing', async () => {
    const { access, refresh } = await login()
    const response = await raw('POST', '/me/password/', { headers: { Authorization: `JWT ${access}` }, data: { old_password: 'nope', new_password: NEW_PASSWORD } })
    expect(response.status).toBe(400)
    expect(response.data).toEqual({ old_password: [MESSAGES.oldPasswordWrong] })
    await expect(change(access, 'nope')).rejects.toMatchObject({ kind: 'http', status: 400, fieldErrors: { old_password: [MESSAGES.oldPasswordWrong] } })
    await expect(getMe(withToken(access))).resolves.toHaveProperty('id', 1)
    await expect(refreshToken(refresh)).resolves.toHaveProperty('access')
    await expect(obtainToken(DEMO)).resolves.toHaveProperty('access')
  })

  it.each([
    ['x7!kq', [MESSAGES.short]],
    ['password', [MESSAGES.common]],
    ['PassWord', [MESSAGES.common]],
    ['3141592653', [MESSAGES.numeric]],
    ['2024', [MESSAGES.short, MESSAGES.numeric]],
    ['123', [MESSAGES.short, MESSAGES.common, MESSAGES.numeric]],
    ['demo', [MESSAGES.similar, MESSAGES.short, MESSAGES.common]],
    ['dem0', [MESSAGES.similar, MESSAGES.short]],
  ])('answers 400 {new_password} with Django’s validators’ messages for "%s"', async (newPassword, messages) => {
    const { access } = await login()
    await expect(change(access, DEMO.password, newPassword)).rejects.toMatchObject({ status: 400, fieldErrors: { new_password: messages } })
    await expect(getMe(withToken(access))).resolves.toHaveProperty('id', 1)
  })

  it('finds a password too similar to a longer username without it being short; demo1234 is not similar enough', async () => {
    const admin = await login(ADMIN)
    await expect(change(admin.access, ADMIN.password, 'nimda123')).rejects.toMatchObject({ fieldErrors: { new_password: [MESSAGES.similar] } })
    await expect(change((await login()).access, DEMO.password, 'demo1234')).resolves.toHaveProperty('access')
  })

  it('checks both fields at once, old_password first', async () => {
    const { access } = await login()
    const response = await raw('POST', '/me/password/', { headers: { Authorization: `JWT ${access}` }, data: { old_password: 'nope', new_password: '123' } })
    expect(response.status).toBe(400)
    expect(JSON.stringify(response.data)).toBe(
      JSON.stringify({ old_password: [MESSAGES.oldPasswordWrong], new_password: [MESSAGES.short, MESSAGES.common, MESSAGES.numeric] }),
    )
  })

  it('refuses missing or blank fields first, like any serializer', async () => {
    const { access } = await login()
    const post = (data: unknown) => raw('POST', '/me/password/', { headers: { Authorization: `JWT ${access}` }, data })
    expect((await post({})).data).toEqual({ old_password: ['This field is required.'], new_password: ['This field is required.'] })
    expect((await post({ old_password: '', new_password: ' ' })).data).toEqual({
      old_password: ['This field may not be blank.'],
      new_password: ['This field may not be blank.'],
    })
    expect((await post({ old_password: 'nope' })).data).toEqual({ new_password: ['This field is required.'] })
  })

  it('trims both passwords like simplejwt’s PasswordField does at login', async () => {
    const { access } = await login()
    await change(access, ' demo123 ', `  ${NEW_PASSWORD}  `)
    await expect(obtainToken({ username: 'demo', password: NEW_PASSWORD })).resolves.toHaveProperty('access')
  })

  it('needs a login (401) and a POST (405); OPTIONS names the view and its fields', async () => {
    expect(await raw('POST', '/me/password/', { data: { old_password: 'demo123' } })).toMatchObject({ status: 401, data: NOT_PROVIDED })
    const { access } = await login()
    const headers = { Authorization: `JWT ${access}` }
    expect(await raw('GET', '/me/password/', { headers })).toMatchObject({ status: 405, data: { detail: 'Method "GET" not allowed.' } })
    const options = await raw('OPTIONS', '/me/password/', { headers })
    expect(options.data).toMatchObject({
      name: 'Password Change',
      actions: {
        POST: {
          old_password: { type: 'string', required: true, read_only: false, label: 'Old password' },
          new_password: { type: 'string', required: true, read_only: false, label: 'New password' },
        },
      },
    })
  })
})

describe('POST /me/logout-all/', () => {
  it('answers 204 with no body, and every token of the user is refused, this device’s too', async () => {
    const deviceA = await login()
    const deviceB = await login()
    const admin = await login(ADMIN)
    const response = await raw('POST', '/me/logout-all/', { headers: { Authorization: `JWT ${deviceB.access}` } })
    expect(response.status).toBe(204)
    expect(response.data).toBe('')
    for (const old of [deviceA, deviceB]) {
      await expectAccessRefused(old.access)
      await expectRefreshRefused(old.refresh)
      expect((await raw('POST', '/token/blacklist/', { data: { refresh: old.refresh } })).data).toEqual(BLACKLISTED)
    }
    await expect(getMe(admin.auth)).resolves.toHaveProperty('username', 'admin')
    const again = await obtainToken(DEMO)
    expect(claimsOf(again.access).token_version).toBe(1)
    await expect(getMe(withToken(again.access))).resolves.toHaveProperty('id', 1)
  })

  it('through the API layer resolves; a second call with the same token is refused like a forged token', async () => {
    const { access } = await login()
    await expect(logoutAll(withToken(access))).resolves.toBeUndefined()
    const second = await raw('POST', '/me/logout-all/', { headers: { Authorization: `JWT ${access}` } })
    expect(second).toMatchObject({ status: 401, data: REFUSED })
  })

  it('with rotation on: rotated refresh tokens and their access tokens are refused; verify calls the refresh token blacklisted', async () => {
    backend().settings.rotate = true
    const first = await login()
    const rotated = await refreshToken(first.refresh)
    expect(claimsOf(rotated.refresh as string).token_version).toBe(0)
    await logoutAll((await login()).auth)
    await expectAccessRefused(rotated.access)
    await expectRefreshRefused(rotated.refresh as string)
    expect(await raw('POST', '/token/verify/', { data: { token: rotated.refresh } })).toMatchObject({
      status: 400,
      data: { non_field_errors: ['Token is blacklisted'] },
    })
    // Verify refuses an access token of an ended session as it refuses a forged one.
    await expect(verifyToken(rotated.access)).rejects.toMatchObject({ status: 401, detail: 'Token is invalid', code: 'token_not_valid' })
  })

  it('refuses a refresh token without the claim (version 0) once the user is at version 1; without rotation verify accepts it', async () => {
    const seconds = Math.floor(START / 1000)
    const legacy = await backend().signToken({ token_type: 'refresh', exp: seconds + 600, iat: seconds, jti: newJti(), user_id: 1 })
    await expect(refreshToken(legacy)).resolves.toHaveProperty('access')
    await logoutAll((await login()).auth)
    await expectRefreshRefused(legacy)
    await expect(verifyToken(legacy)).resolves.toBeUndefined()
  })

  it('needs a login (401) and a POST (405)', async () => {
    expect(await raw('POST', '/me/logout-all/')).toMatchObject({ status: 401, data: NOT_PROVIDED })
    const { access } = await login()
    expect(await raw('GET', '/me/logout-all/', { headers: { Authorization: `JWT ${access}` } })).toMatchObject({
      status: 405,
      data: { detail: 'Method "GET" not allowed.' },
    })
    await expect(getMe(withToken(access))).resolves.toHaveProperty('id', 1)
  })
})

describe('in Chinese (Accept-Language: zh-CN)', () => {
  it.each([
    [{ old_password: 'nope', new_password: NEW_PASSWORD }, { old_password: ['你的旧密码不正确。请重新输入。'] }],
    [{ old_password: 'demo123', new_password: 'demo' }, { new_password: ['密码跟 用户名 太相似了。', '密码长度太短。密码必须包含至少 8 个字符。', '这个密码太常见了。'] }],
    [{ old_password: 'demo123', new_password: '3141592653' }, { new_password: ['密码只包含数字。'] }],
    [{}, { old_password: ['该字段是必填项。'], new_password: ['该字段是必填项。'] }],
  ])('answers %j with %j', async (data, body) => {
    const { access } = await login()
    const response = await raw('POST', '/me/password/', { headers: { Authorization: `JWT ${access}`, 'Accept-Language': 'zh-CN' }, data })
    expect(response.status).toBe(400)
    expect(response.data).toEqual(body)
    expect(response.headers['content-language']).toBe('zh-hans')
  })

  it('refuses a revoked access token with the Chinese text of a forged one', async () => {
    const { access } = await login()
    await logoutAll(withToken(access))
    const response = await raw('GET', '/me/', { headers: { Authorization: `JWT ${access}`, 'Accept-Language': 'zh-CN' } })
    expect(response.data).toEqual({
      detail: '此令牌对任何类型的令牌无效',
      code: 'token_not_valid',
      messages: [{ token_class: 'AccessToken', token_type: 'access', message: '令牌无效' }],
    })
  })
})
