/**
 * Failures on purpose: the next N API requests (optionally only some paths) answer badly, late, or not at all after
 * the server acted ('lost-answer': a refresh whose rotated token never reaches the client, say).
 */
import type { AuthDialectName } from './types.js'
import type { FaultKind, MockState, PendingFault } from './db.js'
import { DRF_JWT_MESSAGES } from './drfJwt.js'
import { ACCESS_TOKEN_CLASS, SLIDING_TOKEN_CLASS, notValid } from './handlers/authentication.js'
import { DRF_MESSAGES, HTML_SERVER_ERROR, detailResponse, type MockResponse } from './responses.js'
import { TOKEN_MESSAGES } from './simplejwt.js'

export type { FaultKind }

/** A fault to inject ({@link MockBackend.failNext}): what fails, how many times, on which paths. */
export interface MockFault {
  kind: FaultKind
  /** How many requests fail (default 1). */
  count?: number
  /** Alias of count. */
  times?: number
  /** Only requests whose path contains this, e.g. "/orders/". */
  pathContains?: string
  /** For 'slow': the wait in ms (default 20 000). */
  delayMs?: number
}

/** What failNext() takes: a kind (500 or "500" alike, handy in the console) or a full MockFault. */
export type FaultInput = MockFault | FaultKind | `${FaultKind}`

export const FAULT_KINDS: readonly FaultKind[] = [401, 403, 404, 500, 'network', 'slow', 'lost-answer']
export const DEFAULT_SLOW_MS = 20_000

/** Accepts 500, "500", "network" or a full MockFault; throws a readable error for anything else. */
export function normalizeFault(input: FaultInput): PendingFault {
  const fault: MockFault = typeof input === 'object' ? input : { kind: input as FaultKind }
  const kind = FAULT_KINDS.find((candidate) => String(candidate) === String(fault.kind))
  if (kind === undefined) {
    throw new TypeError(`Unknown fault ${JSON.stringify(fault.kind)}: use one of ${FAULT_KINDS.map((k) => JSON.stringify(k)).join(', ')}`)
  }
  const count = fault.count ?? fault.times ?? 1
  if (!Number.isInteger(count) || count < 1) throw new TypeError(`count must be a whole number >= 1, got ${JSON.stringify(count)}`)
  return {
    kind,
    remaining: count,
    ...(fault.pathContains ? { pathContains: fault.pathContains } : {}),
    ...(kind === 'slow' ? { delayMs: fault.delayMs ?? DEFAULT_SLOW_MS } : {}),
  }
}

/** Consumes one use of the first pending fault that applies to this path. */
export function takeFault(state: MockState, path: string): PendingFault | undefined {
  const fault = state.faults.find((candidate) => !candidate.pathContains || path.includes(candidate.pathContains))
  if (!fault) return undefined
  fault.remaining -= 1
  if (fault.remaining <= 0) state.faults = state.faults.filter((candidate) => candidate !== fault)
  return fault
}

/** A refused token, as the dialect's authentication says it ("Token is invalid"; drf-jwt: "Error decoding signature."). */
const TOKEN_REFUSED: Readonly<Record<AuthDialectName, MockResponse>> = {
  simplejwt: notValid(TOKEN_MESSAGES.invalid, ACCESS_TOKEN_CLASS),
  'simplejwt-sliding': notValid(TOKEN_MESSAGES.invalid, SLIDING_TOKEN_CLASS),
  'drf-jwt': detailResponse(401, DRF_JWT_MESSAGES.decoding),
}

/**
 * What a fault answers in place of the server, in a dialect. ('slow' and 'lost-answer' let the server answer: the
 * first late, the second to no one: the request is processed and saved, then the connection drops.)
 */
export function faultResponse(kind: Exclude<FaultKind, 'slow' | 'lost-answer'>, dialect: AuthDialectName): MockResponse {
  switch (kind) {
    case 401:
      return TOKEN_REFUSED[dialect]
    case 403:
      return detailResponse(403, DRF_MESSAGES.permissionDenied)
    case 404:
      return detailResponse(404, DRF_MESSAGES.notFound)
    case 500:
      return HTML_SERVER_ERROR
    case 'network':
      return { kind: 'network-error' }
  }
}
