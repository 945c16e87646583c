/** The mock server's database: users, seeded orders, sessions, the blacklist, the call log and pending faults. */
import type { OrderStatus } from './types.js'
import { newSecret } from './jwt.js'
import type { LockoutEntry } from './lockout.js'

/** A seeded account: `POST /token/` takes its username and password. */
export interface MockUser {
  /** The user's id (`user_id` in the tokens). */
  id: number
  /** The username to log in with. */
  username: string
  /** The password to log in with (the mock compares it as Django's check_password would). */
  password: string
}

/** The reference server's accounts (contract, "Seed data"), as seeded; their passwords can change (StoredUser). */
export const MOCK_USERS: readonly MockUser[] = [
  { id: 1, username: 'demo', password: 'demo123' },
  { id: 2, username: 'admin', password: 'admin123' },
]

/** A user in the database: the password as set now, and the version every token of theirs must carry. */
export interface StoredUser extends MockUser {
  /** accounts.TokenVersion: 0 until the first password change or "log out everywhere". */
  tokenVersion: number
}

/** An order in the database (orders.Order). */
export interface StoredOrder {
  /** The order's id. */
  id: number
  /** The id of the user it belongs to. */
  owner: number
  /** What was ordered. */
  item: string
  /** How many (1 to 2147483647). */
  quantity: number
  /** Already in DRF's output form, e.g. "19.99". */
  price: string
  /** Its status. */
  status: OrderStatus
  /** A free-text note (may be empty). */
  note: string
  /** Epoch microseconds: Django keeps microseconds and the list sorts on them. */
  createdMicros: number
  /** When it last changed, epoch microseconds. */
  updatedMicros: number
}

/** One API request the backend answered, in {@link MockBackend.calls}. */
export interface CallRecord {
  /** The HTTP method. */
  method: string
  /** The URL path, e.g. "/api/token/refresh/". */
  path: string
  /** The query string with its "?", or "". */
  query: string
  /** The status the mock answered with. */
  status: number
  /** The mock clock (epoch ms) when the answer was made. */
  at: number
  /** A 'lost-answer' fault: the server answered `status`, the client got a dropped connection. */
  lost?: true
}

/**
 * What an injected fault answers: a status, a dropped connection, a slow (but normal) answer, or a lost answer (the
 * request is processed and saved, then the connection drops).
 */
export type FaultKind = 401 | 403 | 404 | 500 | 'network' | 'slow' | 'lost-answer'

/** A fault armed by {@link MockBackend.failNext}, as the database keeps it. */
export interface PendingFault {
  /** What goes wrong: a status, a dropped connection, a slow answer, or an answer lost after the request was processed. */
  kind: FaultKind
  /** How many more requests it applies to. */
  remaining: number
  /** Only requests whose path contains this. */
  pathContains?: string
  /** For 'slow': how long to wait. */
  delayMs?: number
}

/** A blacklisted refresh token (simplejwt's BlacklistedToken). */
export interface BlacklistEntry {
  /** The token's `jti`. */
  jti: string
  /** The token's exp (epoch s): past it the entry can go, the token is refused as expired anyway. */
  exp: number
}

/** The blacklist app's OutstandingToken: a refresh or sliding token the server issued (or blacklisted). */
export interface OutstandingEntry extends BlacklistEntry {
  /** Its user (null: the claim named no one): sessions_end_all blacklists every outstanding token of a user. */
  userId: number | null
}

/** accounts.Session.EndReason: why a session ended. */
export type SessionEndReason = 'logout' | 'signed_out' | 'everywhere' | 'password' | 'reuse'

/**
 * accounts.Session: one login, the family of rotating refresh tokens it issued (one current), with an absolute end.
 * Times are epoch microseconds, as Django keeps them.
 */
export interface StoredSession {
  /** secrets.token_urlsafe(16): the `sid` claim of every token of the session. */
  id: string
  /** The user it belongs to. */
  userId: number
  /** The login's User-Agent (at most 512 characters), from which the device label is made. */
  userAgent: string
  /** When the session began (the login), epoch microseconds. */
  createdMicros: number
  /** The login, then each refresh that consumed a token (or, without rotation, gave an access token). */
  lastUsedMicros: number
  /** SESSION_MAX_SECONDS after the login: no token of the session outlives it. */
  expiresMicros: number
  /** When it ended, epoch microseconds; null while it lives. */
  endedMicros: number | null
  /** Why it ended; empty while it lives. */
  endReason: SessionEndReason | ''
  /** The current refresh token: its jti and its text (given again within the grace window). */
  refreshJti: string
  /** The current refresh token's text (answered again inside the grace window). */
  refreshToken: string
  /** The refresh token spent last and when ('' and null before the first rotation). */
  spentJti: string
  /** When the last refresh token was spent, epoch microseconds; null before the first refresh. */
  spentMicros: number | null
  /**
   * Cookie mode only (absent in body mode): whether the login asked to be remembered (`remember` of POST /token/).
   * Every refresh cookie of a remembered session is persistent (Max-Age until its token's exp); of any other, a
   * browser-session cookie.
   */
  remember?: boolean
}

/** The whole database, as {@link MockBackend.snapshot} copies it and a {@link MockStorage} keeps it. */
export interface MockState {
  /** The shape's version: a stored database of another shape is replaced by the seed. */
  version: 5
  /** The HMAC key (Django's SECRET_KEY). */
  secret: string
  /** The id the next order gets. */
  nextOrderId: number
  /** Last timestamp handed out, so two orders (or two sessions) never share created_at. */
  lastMicros: number
  /** The users. */
  users: StoredUser[]
  /** The orders. */
  orders: StoredOrder[]
  /** Every session, live or ended. */
  sessions: StoredSession[]
  /** Every refresh token issued (simplejwt's OutstandingToken). */
  outstanding: OutstandingEntry[]
  /** The blacklisted refresh tokens. */
  blacklist: BlacklistEntry[]
  /** The requests answered, oldest first. */
  calls: CallRecord[]
  /** The faults still to come. */
  faults: PendingFault[]
  /** The lockout's counts by hashed key (lockout.ts): a pair (address, username) or an address. */
  lockouts: Record<string, LockoutEntry>
}

/** The call log keeps this many entries (it lives in localStorage in the browser). */
export const MAX_CALLS = 1000

const ITEM_NAMES = ['Widget', 'Gadget', 'Sprocket', 'Gizmo', 'Doohickey'] as const
const STATUS_CYCLE: readonly OrderStatus[] = ['pending', 'paid', 'shipped', 'cancelled']
const MINUTE_MS = 60_000

function twoDigits(n: number): string {
  return String(n).padStart(2, '0')
}

/** The i-th seeded order of a user (contract: item, quantity, price, status, note rules). */
function seedOrder(id: number, user: MockUser, i: number, createdMs: number): StoredOrder {
  const cents = 125 * i + 99
  // A fixed sub-second part, so timestamps look like Django's (microseconds) and stay reproducible.
  const createdMicros = createdMs * 1000 + ((id * 155_661) % 1_000_000)
  return {
    id,
    owner: user.id,
    item: `${ITEM_NAMES[(i - 1) % ITEM_NAMES.length]} ${twoDigits(i)}`,
    quantity: (i % 5) + 1,
    price: `${Math.floor(cents / 100)}.${twoDigits(cents % 100)}`,
    status: STATUS_CYCLE[(i - 1) % STATUS_CYCLE.length] as OrderStatus,
    note: i % 2 === 0 ? `Note for order ${i} of ${user.username}` : '',
    createdMicros,
    updatedMicros: createdMicros + 306,
  }
}

const SEED_COUNTS: ReadonlyArray<readonly [MockUser, number]> = [
  [MOCK_USERS[0] as MockUser, 25],
  [MOCK_USERS[1] as MockUser, 3],
]

/** A fresh database: demo's 25 orders (ids 1–25), admin's 3 (26–28), one minute apart, the last a minute ago. */
export function seedState(nowMs: number): MockState {
  const orders: StoredOrder[] = []
  let id = 1
  const total = SEED_COUNTS.reduce((sum, [, count]) => sum + count, 0)
  for (const [user, count] of SEED_COUNTS) {
    for (let i = 1; i <= count; i++, id++) {
      orders.push(seedOrder(id, user, i, nowMs - (total + 1 - id) * MINUTE_MS))
    }
  }
  const users = MOCK_USERS.map((user) => ({ ...user, tokenVersion: 0 }))
  return { version: 5, secret: newSecret(), nextOrderId: id, lastMicros: 0, users, orders, sessions: [], outstanding: [], blacklist: [], calls: [], faults: [], lockouts: {} }
}

/** A timestamp (epoch µs) later than any handed out, so created_at never ties (Django's clock has microseconds). */
export function nextMicros(state: MockState, nowMs: number): number {
  state.lastMicros = Math.max(nowMs * 1000, state.lastMicros + 1)
  return state.lastMicros
}

/**
 * Where the database lives ({@link createMemoryStorage}, {@link createLocalStorageStorage}, or your own). Every request
 * runs in exclusive() and reads and writes the state there.
 */
export interface MockStorage {
  /** The saved state, or undefined when there is none. */
  load(): MockState | undefined
  /** Keeps the state. */
  save(state: MockState): void
  /** Runs task alone among everyone sharing this storage (all tabs, for localStorage). */
  exclusive<T>(task: () => Promise<T>): Promise<T>
}

/** A promise-chain mutex: one task at a time within this JS realm. */
function createLocalMutex(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task)
    tail = run.catch(() => undefined)
    return run
  }
}

function isMockState(value: unknown): value is MockState {
  return typeof value === 'object' && value !== null && (value as { version?: unknown }).version === 5
}

/** A database in memory (node, tests), the default. Kept as JSON so it behaves like the browser's copy: no shared references. */
export function createMemoryStorage(): MockStorage {
  let text: string | undefined
  return {
    load: () => (text === undefined ? undefined : (JSON.parse(text) as MockState)),
    save: (state) => {
      text = JSON.stringify(state)
    },
    exclusive: createLocalMutex(),
  }
}

export const DB_STORAGE_KEY = 'mock-backend.db.v1'
const LOCK_NAME = 'mock-backend.db'

/**
 * A database in localStorage (`storage`, under `key`), shared by every tab; requests serialize on a Web Lock so tabs
 * never interleave. {@link startMockWorker} uses it.
 */
export function createLocalStorageStorage(storage: Storage = localStorage, key: string = DB_STORAGE_KEY): MockStorage {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  const localMutex = createLocalMutex()
  return {
    load() {
      const text = storage.getItem(key)
      if (!text) return undefined
      try {
        const parsed: unknown = JSON.parse(text)
        return isMockState(parsed) ? parsed : undefined
      } catch {
        console.warn(`[mock-backend] localStorage["${key}"] is not readable; starting from the seed data`)
        return undefined
      }
    },
    save(state) {
      storage.setItem(key, JSON.stringify(state))
    },
    exclusive<T>(task: () => Promise<T>): Promise<T> {
      if (locks) return locks.request(LOCK_NAME, task) as Promise<T>
      return localMutex(task)
    },
  }
}
