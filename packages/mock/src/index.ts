/**
 * `@django-jwt/mock`: MSW 2 handlers that answer like the Django REST framework JWT server, in each dialect
 * (simplejwt pairs, simplejwt sliding tokens, djangorestframework-jwt): token obtain, refresh, rotation with the
 * blacklist and its grace window, sessions, the login lockout, the password change, the orders API, English and
 * Chinese (Accept-Language or the django_language cookie, negotiated as Django's LocaleMiddleware does).
 *
 * On node (vitest, msw/node): `setupServer(...createMockBackend().handlers)`. In a browser page:
 * `startMockWorker(serviceWorkerUrl, settings)`.
 *
 * @packageDocumentation
 */
export { createMockBackend } from './backend.js'
export type { CreateMockBackendOptions, MockBackend } from './backend.js'
export { DEFAULT_MOCK_SETTINGS } from './config.js'
export type { MockSettings, RefreshTransport } from './config.js'
export { startMockWorker } from './browser.js'
export type { MockConsoleApi } from './consoleApi.js'
export { MOCK_USERS, createLocalStorageStorage, createMemoryStorage } from './db.js'
export type {
  BlacklistEntry,
  CallRecord,
  FaultKind,
  MockState,
  MockStorage,
  MockUser,
  OutstandingEntry,
  PendingFault,
  SessionEndReason,
  StoredOrder,
  StoredSession,
  StoredUser,
} from './db.js'
export type { FaultInput, MockFault } from './faults.js'
export type { SignTokenOptions, TokenPayload } from './jwt.js'
export type { LockoutEntry } from './lockout.js'
export type { IssuedPair } from './tokens.js'
export { AUTH_DIALECTS } from './types.js'
export type { AuthDialectName, OrderStatus } from './types.js'
