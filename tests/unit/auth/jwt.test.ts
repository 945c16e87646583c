/** decodeToken: the client only decodes JWTs (the server verifies them); anything else is null, never a throw. */
import { describe, expect, it } from 'vitest'
import { SignJWT } from 'jose'
import { decodeToken, expiresAtMs, isTokenOfType } from '@packages/session/jwt'

const sign = (payload: Record<string, unknown>) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode('k'))
const part = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')

describe('decodeToken', () => {
  it('decodes the header and the payload, UTF-8 included', async () => {
    const token = await sign({ token_type: 'access', exp: 1_900_000_000, user_id: 1, username: '张三' })
    expect(decodeToken(token)).toEqual({
      header: { alg: 'HS256', typ: 'JWT' },
      payload: { token_type: 'access', exp: 1_900_000_000, user_id: 1, username: '张三' },
    })
    expect(expiresAtMs(token)).toBe(1_900_000_000_000)
    expect(isTokenOfType(token, 'access')).toBe(true)
    expect(isTokenOfType(token, 'refresh')).toBe(false)
  })

  it.each([
    ['not a string', 42],
    ['two parts', `${part({ alg: 'HS256' })}.${part({ exp: 1 })}`],
    ['standard base64 (+ and /)', `${part({ alg: 'HS256' })}.a+b/.sig`],
    ['a payload that is not JSON', `${part({ alg: 'HS256' })}.${part('not json')}.sig`],
    ['a payload that is an array', `${part({ alg: 'HS256' })}.${part([1, 2])}.sig`],
    ['a payload that is not UTF-8', `${part({ alg: 'HS256' })}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}.sig`],
    ['an empty header', `.${part({ exp: 1 })}.sig`],
  ])('answers null for %s', (_case, token) => {
    expect(decodeToken(token)).toBeNull()
  })
})
