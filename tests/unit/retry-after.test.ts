/**
 * A 429's wait, as the app reads it: the lockout's body retry_after, else Retry-After (nginx's limit_req sends only
 * that), else 1 second; and never an expired session. Through the real axios client against the mock too.
 */
import { describe, expect, it } from 'vitest'
import { obtainToken } from '@/api/auth'
import { ApiError, apiErrorFromResponse } from '@django-jwt/session'
import { isAuthFailure, noticeFor } from '@django-jwt/axios'
import { useMockBackend } from '../support/mock-backend'

const LOCKED = { detail: 'Too many failed attempts. Try again later.', code: 'too_many_attempts', retry_after: 42 }

describe('retryAfterSeconds', () => {
  it.each([
    ['the body retry_after first', LOCKED, '7', 42],
    ['Retry-After when the body has none (limit_req)', { detail: 'Too many requests.', code: 'throttled' }, '3', 3],
    ['Retry-After with spaces', { detail: 'Too many requests.' }, ' 5 ', 5],
    ['1 second without either', { detail: 'Too many requests.' }, undefined, 1],
    ['1 second for an HTTP-date (this clock may be wrong)', {}, 'Wed, 21 Oct 2026 07:28:00 GMT', 1],
    ['1 second for a negative or odd count', { retry_after: -3 }, 'soon', 1],
    ['whole seconds, rounded up, at least 1', { retry_after: 0.2 }, undefined, 1],
    ['whole seconds, rounded up', { retry_after: 2.5 }, undefined, 3],
    ['Retry-After for an HTML 429', '<html>429</html>', '9', 9],
  ])('%s', (_name, body, header, expected) => {
    const error = apiErrorFromResponse(429, body, header)
    expect(error.retryAfterSeconds).toBe(expected)
  })

  it('is undefined on any other status, and retry_after is no field error', () => {
    expect(apiErrorFromResponse(401, { detail: 'x', retry_after: 5 }, '5').retryAfterSeconds).toBeUndefined()
    expect(apiErrorFromResponse(429, LOCKED).fieldErrors).toEqual({})
    expect(apiErrorFromResponse(429, LOCKED)).toMatchObject({ kind: 'http', status: 429, code: 'too_many_attempts', detail: LOCKED.detail })
  })

  it('a 429 is no expired session, whatever a 403 means; its notice is the server text', () => {
    const error = apiErrorFromResponse(429, LOCKED)
    expect(isAuthFailure(error, 'session-expired')).toBe(false)
    expect(isAuthFailure(error, 'permission-denied')).toBe(false)
    expect(noticeFor(error, 'session-expired')).toEqual({ text: LOCKED.detail })
  })
})

describe('through axios against the mock', () => {
  const backend = useMockBackend({ loginFailureLimit: 1, loginCooloffSeconds: 90 })

  it('the login 429 arrives as an ApiError with retryAfterSeconds 90', async () => {
    await expect(obtainToken({ username: 'demo', password: 'wrong' })).rejects.toMatchObject({ status: 401 })
    const error = await obtainToken({ username: 'demo', password: 'demo123' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 429, code: 'too_many_attempts', retryAfterSeconds: 90 })
    expect(backend().calls.map((call) => call.status)).toEqual([401, 429])
  })
})
