// The load bench's HTTP side: one undici connection pool to the stack, every request timed and counted by endpoint.
import { Pool } from 'undici'

/** A request's outcome: the HTTP status, or 'network' when no answer came (refused, reset, timed out). */
/** @typedef {number | 'network'} Outcome */

/**
 * Latencies (ms) and outcomes of one endpoint, e.g. 'GET /api/orders/'.
 * @typedef {object} EndpointStats
 * @property {number[]} latencies every attempt's, answered or not
 * @property {Map<Outcome, number>} outcomes how many attempts ended so
 */

/** @typedef {Map<string, EndpointStats>} StatsByEndpoint */

/**
 * @typedef {object} Answer
 * @property {Outcome} status
 * @property {any} data the parsed JSON body, or null
 * @property {number} ms
 */

/**
 * @typedef {object} SendOptions
 * @property {string} endpoint the name it is counted under, e.g. 'GET /api/orders/{id}/'
 * @property {'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} method
 * @property {string} path under the base URL, e.g. '/api/orders/7/'
 * @property {string} [access] sent as `Authorization: JWT <access>`
 * @property {unknown} [json] the body
 */

/**
 * @typedef {object} LoadClient
 * @property {(options: SendOptions) => Promise<Answer>} send
 * @property {StatsByEndpoint} stats where send() counts, until swapped (a phase of its own counts apart)
 * @property {(stats: StatsByEndpoint) => void} countInto
 * @property {() => Promise<void>} close
 */

/**
 * A client of the API at `baseUrl` (e.g. http://127.0.0.1:8080, or with a path prefix before /api/).
 * @param {string} baseUrl
 * @param {{ connections: number, timeoutMs?: number }} options
 * @returns {LoadClient}
 */
export function createLoadClient(baseUrl, { connections, timeoutMs = 15_000 }) {
  const base = new URL(baseUrl)
  const prefix = base.pathname.replace(/\/$/, '')
  const pool = new Pool(base.origin, { connections, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 10_000 })
  /** @type {StatsByEndpoint} */
  let stats = new Map()
  const record = (/** @type {string} */ endpoint, /** @type {number} */ ms, /** @type {Outcome} */ outcome) => {
    let entry = stats.get(endpoint)
    if (!entry) stats.set(endpoint, (entry = { latencies: [], outcomes: new Map() }))
    entry.latencies.push(ms)
    entry.outcomes.set(outcome, (entry.outcomes.get(outcome) ?? 0) + 1)
  }
  return {
    get stats() {
      return stats
    },
    countInto(next) {
      stats = next
    },
    async send({ endpoint, method, path, access, json }) {
      /** @type {Record<string, string>} */
      const headers = { accept: 'application/json' }
      if (access) headers.authorization = `JWT ${access}`
      if (json !== undefined) headers['content-type'] = 'application/json'
      const started = performance.now()
      /** @type {Outcome} */
      let status
      let data = null
      try {
        const response = await pool.request({ method, path: `${prefix}${path}`, headers, body: json === undefined ? undefined : JSON.stringify(json) })
        status = response.statusCode
        const text = await response.body.text()
        if (text && (response.headers['content-type'] ?? '').includes('json')) data = JSON.parse(text)
      } catch {
        status = 'network'
      }
      const ms = performance.now() - started
      record(endpoint, ms, status)
      return { status, data, ms }
    },
    close: () => pool.close(),
  }
}

/** The p-th percentile (0–100) of ascending numbers (nearest rank), or NaN for none. */
export function percentile(/** @type {number[]} */ sorted, /** @type {number} */ p) {
  if (!sorted.length) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

/** Whether an outcome is a success (2xx). */
export const succeeded = (/** @type {Outcome} */ outcome) => typeof outcome === 'number' && outcome >= 200 && outcome < 300

/**
 * One row per endpoint: requests, req/s over `seconds`, p50/p95/p99 (ms), and the attempts that failed by outcome.
 * @param {StatsByEndpoint} stats
 * @param {number} seconds
 */
export function endpointRows(stats, seconds) {
  return [...stats.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([endpoint, { latencies, outcomes }]) => {
      const sorted = [...latencies].sort((a, b) => a - b)
      const errors = [...outcomes.entries()].filter(([outcome]) => !succeeded(outcome))
      return {
        endpoint,
        requests: sorted.length,
        'req/s': round(sorted.length / seconds, 1),
        'p50 ms': round(percentile(sorted, 50), 1),
        'p95 ms': round(percentile(sorted, 95), 1),
        'p99 ms': round(percentile(sorted, 99), 1),
        errors: errors.length ? errors.map(([outcome, count]) => `${outcome}×${count}`).join(' ') : '0',
      }
    })
}

export const round = (/** @type {number} */ value, /** @type {number} */ digits) => Number(value.toFixed(digits))
