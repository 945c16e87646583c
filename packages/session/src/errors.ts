/** Errors are typed values, classified once here and never re-parsed from strings. */

export type ApiErrorKind =
  | 'http' // the server answered with a status >= 400 and a readable body
  | 'network' // no answer: offline, connection dropped, DNS, CORS
  | 'timeout' // no answer in time
  | 'aborted' // cancelled by the app (logout, navigation)
  | 'bad-response' // an answer we cannot read: HTML or unparsable body on an error status

export type FieldErrors = Record<string, string[]>

export class ApiError extends Error {
  readonly name = 'ApiError'
  constructor(
    readonly kind: ApiErrorKind,
    /** HTTP status, 0 when there was no answer. */
    readonly status: number,
    /** DRF's `detail` message, when there is one. */
    readonly detail: string | undefined,
    /** simplejwt's `code` (`token_not_valid`, `bad_authorization_header`), when there is one. */
    readonly code: string | undefined,
    /** DRF's per-field validation messages (400), `{}` otherwise. */
    readonly fieldErrors: FieldErrors,
    /** A 429's wait in whole seconds (>= 1): the body's `retry_after`, else `Retry-After`, else 1; undefined otherwise. */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? (status ? `HTTP ${status}` : kind))
  }

  /** The first message a person can read: `detail`, else the first field error. */
  get firstMessage(): string | undefined {
    if (this.detail) return this.detail
    for (const messages of Object.values(this.fieldErrors)) if (messages[0]) return messages[0]
    return undefined
  }
}

/** The session could not be healed: the request was not (re)sent and the user must log in again. */
export class SessionExpiredError extends Error {
  readonly name = 'SessionExpiredError'
  constructor(readonly reason: string = 'session expired') {
    super(reason)
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

export function isSessionExpired(error: unknown): error is SessionExpiredError {
  return error instanceof SessionExpiredError
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A whole number of seconds >= 1 from a count (rounded up), or undefined for anything else. */
function waitSeconds(value: unknown): number | undefined {
  const seconds = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? Math.max(1, Math.ceil(seconds)) : undefined
}

/**
 * How long a 429 asks to wait: the lockout's `retry_after`, else the `Retry-After` header in seconds (nginx's
 * limit_req sends only that; an HTTP-date is not read: this machine's clock may be wrong), else 1 second.
 */
function retryAfterOf(status: number, body: unknown, retryAfterHeader: unknown): number | undefined {
  if (status !== 429) return undefined
  return waitSeconds(isRecord(body) ? body.retry_after : undefined) ?? waitSeconds(retryAfterHeader) ?? 1
}

/**
 * Reads a DRF error body: `{detail, code}` or `{field: [messages]}`; anything else is a bad response.
 * `retryAfterHeader`: the answer's Retry-After, for a 429.
 */
export function apiErrorFromResponse(status: number, body: unknown, retryAfterHeader?: unknown): ApiError {
  if (typeof body === 'string') {
    const text = body.trim()
    if (text.startsWith('{')) {
      try {
        return apiErrorFromResponse(status, JSON.parse(text), retryAfterHeader)
      } catch {
        return new ApiError('bad-response', status, undefined, undefined, {}, retryAfterOf(status, undefined, retryAfterHeader))
      }
    }
    return new ApiError('bad-response', status, undefined, undefined, {}, retryAfterOf(status, undefined, retryAfterHeader))
  }
  const retryAfter = retryAfterOf(status, body, retryAfterHeader)
  if (!isRecord(body)) return new ApiError('bad-response', status, undefined, undefined, {}, retryAfter)
  const detail = typeof body.detail === 'string' ? body.detail : undefined
  const code = typeof body.code === 'string' ? body.code : undefined
  const fieldErrors: FieldErrors = {}
  for (const [key, value] of Object.entries(body)) {
    if (key === 'detail' || key === 'code' || key === 'messages') continue
    if (Array.isArray(value)) fieldErrors[key] = value.map(String)
    else if (typeof value === 'string') fieldErrors[key] = [value]
  }
  return new ApiError('http', status, detail, code, fieldErrors, retryAfter)
}
