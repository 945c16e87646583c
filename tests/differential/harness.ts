/**
 * Differential contract tests: the same case runs against the mock backend (its MSW handlers, in process)
 * and against the project's Django server (a real process on 127.0.0.1), and the two transcripts must be
 * equal: statuses, headers that matter, body keys (in order) and every string, in each language.
 *
 * A case is a scenario: it makes requests through a `DifferentialClient` and may note facts it computed
 * (e.g. "the refreshed access token copies the refresh token's iat"). Values that differ by nature
 * between two servers (token signatures, jti, timestamps, the origin) are reduced to their shape.
 */
import { randomBytes } from 'node:crypto'
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { getResponse } from 'msw'
import { SignJWT, UnsecuredJWT, decodeJwt, decodeProtectedHeader } from 'jose'
import { createMockBackend, type MockBackend } from '@django-jwt/mock'
import { startDjango, type DjangoServer } from '../../server/launch.mjs'
import { createDatabase } from '../../server/postgres.mjs'
import { POSTGRES_TEMPLATE } from './global-setup'
import { DJANGO_SECRET } from './secret'

export type Language = 'en' | 'zh-CN'
/** Django's DIALECT values. */
export type Dialect = 'pair' | 'sliding' | 'drf-jwt'

/** The mock's dialect (VITE_AUTH_DIALECT) for Django's DIALECT. */
const MOCK_DIALECTS = { pair: 'simplejwt', sliding: 'simplejwt-sliding', 'drf-jwt': 'drf-jwt' } as const

/**
 * The migrated and seeded database each block copies: Django 3.2 (drf-jwt) must not open one Django 5.2 migrated,
 * so global-setup prepares one per Python environment.
 */
const TEMPLATE_KEYS = { pair: 'differentialTemplateDir', sliding: 'differentialTemplateDir', 'drf-jwt': 'differentialTemplateDirDrfJwt' } as const
export const LANGUAGES: readonly Language[] = ['en', 'zh-CN']

/** The settings a pair of backends runs with; each differential file gets fresh ones. */
export interface BackendSettings {
  /**
   * Django's DIALECT: simplejwt's token pairs (default) or sliding tokens (the server's environment, Django 5.2), or
   * djangorestframework-jwt (its own environment, Django 3.2); the mock runs the matching dialect.
   */
  dialect?: Dialect
  rotate?: boolean
  /** ACCESS_SECONDS / REFRESH_SECONDS (300 and 86400 unless given). */
  accessSeconds?: number
  refreshSeconds?: number
  /** REFRESH_GRACE_SECONDS / SESSION_MAX_SECONDS (the servers' defaults, 30 s and 30 days, unless given). */
  graceSeconds?: number
  sessionMaxSeconds?: number
  /**
   * LOGIN_FAILURE_LIMIT / LOGIN_ADDRESS_FAILURE_LIMIT (the servers' defaults, 10 and 30, unless given; 0: off). Both
   * backends trust 127.0.0.1 as their proxy (TRUSTED_PROXIES), so a case acts as another address with X-Real-IP.
   */
  loginFailureLimit?: number
  addressFailureLimit?: number
  /**
   * REFRESH_TRANSPORT (pair dialect): the refresh token in the JSON bodies (default) or in the httpOnly cookie
   * (issue 26). A cookie block's transcripts hold each answer's Set-Cookie headers too, reduced to their shape.
   */
  refreshTransport?: 'body' | 'cookie'
}

/** The proxy both backends believe about the client's address (the test itself, on loopback). */
const TRUSTED_PROXY = '127.0.0.1'

export interface Exchange {
  status: number
  /** Parsed JSON, the text for other bodies, '' for none. */
  data: any // eslint-disable-line @typescript-eslint/no-explicit-any -- whatever the server sent
  headers: Headers
}

export interface RequestOptions {
  /** A JSON body (sent with Content-Type: application/json). */
  json?: unknown
  /** A raw body, sent as is (with the headers given): text, bytes (not UTF-8, a BOM) or a form. */
  body?: string | Uint8Array<ArrayBuffer> | URLSearchParams
  /** Request headers; null leaves one out (e.g. 'Accept-Language': null, which the client otherwise sends). */
  headers?: Record<string, string | null>
  /** The Authorization header's value, e.g. `JWT ${access}`. */
  authorization?: string
  /** Leave it out of the transcript (parallel requests finish in any order: note what they gave instead). */
  unrecorded?: boolean
}

export interface SignOptions {
  /** Sign with another key: a forged token. */
  secret?: string
  alg?: 'HS256' | 'none'
}

export interface DifferentialClient {
  readonly language: Language
  /** This backend's origin (e.g. for an Origin header naming the server itself). */
  readonly origin: string
  request(method: string, path: string, options?: RequestOptions): Promise<Exchange>
  /** POST /token/ as demo (or the given user); fails the case unless it answers 200 (the pair dialect's login). */
  login(credentials?: { username: string; password: string }): Promise<{ access: string; refresh: string }>
  /** A token signed with this backend's key (or another, or none), for expired and forged cases. */
  sign(payload: Record<string, unknown>, options?: SignOptions): Promise<string>
  /** Adds a fact the case computed to the transcript. */
  note(label: string, value: unknown): void
}

export type Scenario = (client: DifferentialClient) => Promise<void>

/** The response headers both servers must agree on. */
const COMPARED_HEADERS = ['content-type', 'content-language', 'vary', 'www-authenticate', 'allow', 'location', 'retry-after'] as const


interface Target {
  fetch(request: Request): Promise<Response>
  sign(payload: Record<string, unknown>, options: SignOptions): Promise<string>
  origin: string
}

const JWT_SHAPE = /^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*$/
const DATETIME_SHAPE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/

function describeToken(token: string): unknown {
  try {
    const header = decodeProtectedHeader(token)
    const claims = decodeJwt(token) as Record<string, unknown>
    const { exp, iat } = claims
    return {
      jwt: {
        header,
        claims: Object.keys(claims),
        token_type: claims.token_type,
        user_id: claims.user_id,
        jti: typeof claims.jti === 'string' ? claims.jti.replace(/[0-9a-f]/g, 'x') : claims.jti,
        // To the nearest 10 s: a refreshed access token's exp - iat grows with the (sub-second) test's age.
        lifetime: typeof exp === 'number' && typeof iat === 'number' ? Math.round((exp - iat) / 10) * 10 : undefined,
      },
    }
  } catch {
    return token
  }
}

/**
 * A Set-Cookie header with what differs by nature reduced: a JWT value to its description, a future `expires` to
 * its shape (the epoch of a clearing cookie stays), Max-Age to the nearest 10 s (a remembered cookie's seconds
 * left shrink as the test runs).
 */
function normalizeSetCookie(header: string): unknown {
  const [pair = '', ...attributes] = header.split('; ')
  const equals = pair.indexOf('=')
  const name = pair.slice(0, equals)
  const value = pair.slice(equals + 1)
  const shaped = attributes.map((attribute) => {
    const [key = '', argument = ''] = attribute.split('=')
    if (key === 'expires' && !argument.includes('1970')) return `expires=${argument.replace(/\d/g, '0')}`
    if (key === 'Max-Age' && Number(argument) > 0) return `Max-Age=~${Math.round(Number(argument) / 10) * 10}`
    return attribute
  })
  return { name, value: JWT_SHAPE.test(value) ? describeToken(value) : value, attributes: shaped.join('; ') }
}

/** Reduces what differs by nature (tokens, times, origin) to its shape; keeps every other value. */
export function normalize(value: unknown, origin: string): unknown {
  if (typeof value === 'string') {
    if (JWT_SHAPE.test(value)) return describeToken(value)
    // Python's isoformat() leaves out a zero fraction: the mock's millisecond clock gives one 1000 times as often.
    if (DATETIME_SHAPE.test(value)) return value.replace(/\d/g, '0').replace(/^(0{4}-00-00T00:00:00)Z$/, '$1.000000Z')
    return value.split(origin).join('<origin>')
  }
  if (Array.isArray(value)) return value.map((item) => normalize(item, origin))
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, RETRY_AFTER_KEYS.has(key) ? secondsLeft(item) : normalize(item, origin)]),
    )
  }
  return value
}

/** A lockout's seconds left (the 429's Retry-After header and retry_after): counted from when the lock was set, they
 * shrink with a slow request (a server's password hash); to the nearest 5 s, the second they can disagree on. */
const RETRY_AFTER_KEYS = new Set(['retry-after', 'retry_after'])
function secondsLeft(value: unknown): unknown {
  const seconds = Number(value)
  return Number.isInteger(seconds) ? `~${Math.round(seconds / 5) * 5} s (${typeof value})` : value
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text()
  if (!text) return ''
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text) as unknown
    } catch {
      return text
    }
  }
  return text
}

/** Runs a scenario against one target and returns its transcript. */
async function record(target: Target, language: Language, scenario: Scenario, withCookies: boolean): Promise<unknown[]> {
  const transcript: unknown[] = []
  const client: DifferentialClient = {
    language,
    origin: target.origin,
    async request(method, path, options = {}) {
      const given: Record<string, string | null> = { 'Accept-Language': language, ...options.headers }
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(given)) if (value !== null) headers[name] = value
      if (options.authorization !== undefined) headers.Authorization = options.authorization
      let body = options.body
      if (options.json !== undefined) {
        headers['Content-Type'] = 'application/json'
        body = JSON.stringify(options.json)
      }
      const request = new Request(`${target.origin}/api${path}`, { method, headers, body, redirect: 'manual' })
      const response = await target.fetch(request)
      const data = await readBody(response)
      const compared = Object.fromEntries(
        COMPARED_HEADERS.map((name) => [name, response.headers.get(name)]).filter(([, value]) => value !== null),
      )
      if (!options.unrecorded) transcript.push({
        request: `${method} ${path}`,
        status: response.status,
        headers: normalize(compared, target.origin),
        body: normalize(data, target.origin),
        keyOrder: JSON.stringify(normalize(data, target.origin)),
        ...(withCookies ? { setCookie: response.headers.getSetCookie().map(normalizeSetCookie) } : {}),
      })
      return { status: response.status, data, headers: response.headers }
    },
    async login(credentials = { username: 'demo', password: 'demo123' }) {
      const response = await client.request('POST', '/token/', { json: credentials })
      if (response.status !== 200) throw new Error(`login as ${credentials.username} answered ${response.status}`)
      return response.data as { access: string; refresh: string }
    },
    sign: (payload, options = {}) => target.sign(payload, options),
    note(label, value) {
      transcript.push({ note: label, value: normalize(value, target.origin) })
    },
  }
  await scenario(client)
  return transcript
}

async function signWith(secret: string, payload: Record<string, unknown>, options: SignOptions): Promise<string> {
  if (options.alg === 'none') return new UnsecuredJWT(payload).encode()
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(options.secret ?? secret))
}

function mockTarget(backend: MockBackend): Target {
  return {
    // Any origin: the mock answers every path under the API base and builds links from the request's origin.
    origin: 'http://mock.test',
    async fetch(request) {
      const response = await getResponse(backend.handlers, request)
      if (!response) throw new Error(`the mock has no handler for ${request.method} ${request.url}`)
      return response
    },
    sign: (payload, options) => backend.signToken(payload, options),
  }
}

function djangoTarget(server: DjangoServer): Target {
  return {
    origin: server.url,
    fetch: (request) => fetch(request),
    sign: (payload, options) => signWith(DJANGO_SECRET, payload, options),
  }
}

/** DIFFERENTIAL_TRANSCRIPTS=<file>: appends each case's two transcripts as one JSON line, to read or diff whole. */
async function keepTranscripts(test: string, mock: unknown[], django: unknown[]): Promise<void> {
  const file = process.env.DIFFERENTIAL_TRANSCRIPTS
  if (file) await appendFile(file, `${JSON.stringify({ test, mock, django })}\n`)
}

/**
 * Declares differential cases: a fresh pair of backends for the block (same settings, same seed), and each
 * case run in both languages against both. Cases run in file order, so both databases see the same changes.
 */
export function describeDifferential(
  title: string,
  settings: BackendSettings,
  define: (differential: (name: string, scenario: Scenario) => void) => void,
): void {
  describe(title, () => {
    let mock: Target | undefined
    let django: Target | undefined
    let server: DjangoServer | undefined
    let dataDir: string | undefined

    beforeAll(async () => {
      const rotate = settings.rotate ?? false
      const { accessSeconds = 300, refreshSeconds = 86_400, graceSeconds = 30, sessionMaxSeconds = 30 * 86_400 } = settings
      const { loginFailureLimit = 10, addressFailureLimit = 30 } = settings
      const dialect = settings.dialect ?? 'pair'
      mock = mockTarget(
        createMockBackend({
          dialect: MOCK_DIALECTS[dialect],
          rotate,
          latencyMs: 0,
          accessSeconds,
          refreshSeconds,
          graceSeconds,
          sessionMaxSeconds,
          loginFailureLimit,
          addressFailureLimit,
          trustedProxies: [TRUSTED_PROXY],
          remoteAddress: TRUSTED_PROXY,
          refreshTransport: settings.refreshTransport ?? 'body',
        }),
      )
      // A copy of the database global-setup migrated and seeded once (by this dialect's Django): each block starts from the seed.
      dataDir = await mkdtemp(join(tmpdir(), 'differential-'))
      await cp(inject(TEMPLATE_KEYS[dialect]), dataDir, { recursive: true })
      // On PostgreSQL (DIFFERENTIAL_DB=postgres) the current stack's blocks get a database of their own, made from the
      // run's template; the drf-jwt server (Django 3.2, no PostgreSQL driver in its environment) stays on SQLite.
      const postgresUrl = dialect === 'drf-jwt' ? '' : inject('differentialPostgresUrl')
      const database: Record<string, string> = {}
      if (postgresUrl) {
        const name = `differential_${randomBytes(6).toString('hex')}`
        database.DATABASE_URL = await createDatabase(postgresUrl, name, { template: POSTGRES_TEMPLATE })
      }
      server = await startDjango({
        dataDir,
        prepare: !postgresUrl, // the template is migrated and seeded
        env: {
          ...database,
          DJANGO_SECRET_KEY: DJANGO_SECRET,
          DIALECT: dialect,
          ROTATE: rotate ? '1' : '0',
          ACCESS_SECONDS: String(accessSeconds),
          REFRESH_SECONDS: String(refreshSeconds),
          REFRESH_GRACE_SECONDS: String(graceSeconds),
          SESSION_MAX_SECONDS: String(sessionMaxSeconds),
          LOGIN_FAILURE_LIMIT: String(loginFailureLimit),
          LOGIN_ADDRESS_FAILURE_LIMIT: String(addressFailureLimit),
          TRUSTED_PROXIES: TRUSTED_PROXY,
          REFRESH_TRANSPORT: settings.refreshTransport ?? 'body',
        },
      })
      django = djangoTarget(server)
    }, 90_000)
    afterAll(async () => {
      await server?.stop()
      if (dataDir) await rm(dataDir, { recursive: true, force: true })
    })

    for (const language of LANGUAGES) {
      describe(language, () => {
        define((name, scenario) => {
          it(name, async () => {
            if (!mock || !django) throw new Error('the backends did not start')
            const withCookies = settings.refreshTransport === 'cookie'
            const fromMock = await record(mock, language, scenario, withCookies)
            const fromDjango = await record(django, language, scenario, withCookies)
            await keepTranscripts(`${title} > ${language} > ${name}`, fromMock, fromDjango)
            expect(fromMock).toEqual(fromDjango)
          })
        })
      })
    }
  })
}
