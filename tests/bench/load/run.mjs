// The load itself, against any base URL: V virtual users log in (each with its own account), browse like the app
// for D seconds (order list, details, now and then an edit or a new order, a short pause between), then a
// throughput phase (closed loop, no pause) alternates an unauthenticated database-free view (GET /api/health/,
// DRF's floor on this stack) with the authenticated order list; then everyone logs out.
import { createLoadClient, endpointRows, percentile, round, succeeded } from './client.mjs'
import { createSession, newCounters } from './session.mjs'

/** The accounts `manage.py seedloadusers <count> --password <password>` makes: load0001, load0002, ... */
export const loadUsername = (/** @type {number} */ n) => `load${String(n).padStart(4, '0')}`
/** Reads whose p99 the targets speak of. */
export const AUTHENTICATED_READS = ['GET /api/me/', 'GET /api/orders/', 'GET /api/orders/{id}/']

/**
 * @typedef {object} LoadOptions
 * @property {string} baseUrl
 * @property {number} users virtual users (accounts load0001..)
 * @property {string} password the accounts' password
 * @property {number} seconds of browsing
 * @property {number} thinkMs mean pause between a user's actions (each 0.5–1.5 × this)
 * @property {number} throughputSeconds length of each throughput round (4 rounds: floor, orders, floor, orders); 0 skips it
 * @property {number} throughputConnections requests in flight in the throughput phase
 * @property {{ atMs: number, run: () => Promise<unknown> }} [midway] runs once, atMs into the browsing (the kill)
 * @property {() => Record<string, number>} [cpuMs] CPU ms used so far by each part of the stack (cpu.mjs), sampled
 *   around the throughput rounds
 */

/**
 * @typedef {object} LoadReport
 * @property {number} users
 * @property {number} loginSeconds how long the logins took (all at once, before the browsing)
 * @property {number} seconds the browsing's length, measured
 * @property {ReturnType<typeof endpointRows>} endpoints the requests of the logins, the browsing and the logouts, per
 *   endpoint (req/s over the browsing's length)
 * @property {Omit<import('./session.mjs').SessionCounters, 'userVisibleErrors'> & { userVisibleErrors: Record<string, number> }} sessions
 * @property {number} errors attempts that failed during the browsing (any endpoint, any non-2xx or no answer)
 * @property {number} readsP99 the highest p99 of the authenticated reads (ms)
 * @property {ReturnType<typeof endpointRows>} throughput the throughput phase's requests, per endpoint
 * @property {number | null} floorRps GET /api/health/ per second (null without the phase)
 * @property {number | null} ordersRps authenticated GET /api/orders/ per second
 * @property {number | null} ratio ordersRps / floorRps
 * @property {Record<string, Record<string, number>>} cpuPerRequest CPU ms per completed request of the throughput
 *   rounds, by part of the stack, for 'GET /api/health/' and 'GET /api/orders/'
 */

const pause = (/** @type {number} */ meanMs) => new Promise((resolvePause) => setTimeout(resolvePause, meanMs * (0.5 + Math.random())))
const pick = (/** @type {any[]} */ items) => items[Math.floor(Math.random() * items.length)]

/**
 * Browses until the deadline like a person in the app: lists (pages 1–3), opens orders, now and then edits one
 * (PUT, as the edit page sends it) or creates one.
 * @param {import('./session.mjs').Session} session
 * @param {number} deadline Date.now() value
 * @param {number} thinkMs
 */
async function browse(session, deadline, thinkMs) {
  /** @type {Array<Record<string, any>>} */
  let seen = []
  await pause(thinkMs) // people don't all click at the same moment: starts spread over the first pause
  await session.call({ endpoint: 'GET /api/me/', method: 'GET', path: '/api/me/' })
  while (Date.now() < deadline) {
    const roll = Math.random()
    if (roll < 0.45 || !seen.length) {
      const page = 1 + Math.floor(Math.random() * 3)
      const answer = await session.call({ endpoint: 'GET /api/orders/', method: 'GET', path: `/api/orders/?page=${page}&page_size=10` })
      if (answer.data?.results?.length) seen = answer.data.results
    } else if (roll < 0.85) {
      await session.call({ endpoint: 'GET /api/orders/{id}/', method: 'GET', path: `/api/orders/${pick(seen).id}/` })
    } else if (roll < 0.95) {
      const order = pick(seen)
      const json = { item: order.item, quantity: order.quantity, price: order.price, status: order.status, note: `edited at ${Date.now()}` }
      await session.call({ endpoint: 'PUT /api/orders/{id}/', method: 'PUT', path: `/api/orders/${order.id}/`, json })
    } else {
      await session.call({ endpoint: 'POST /api/orders/', method: 'POST', path: '/api/orders/', json: { item: 'Load test', quantity: 1, price: '9.99' } })
    }
    await pause(thinkMs)
  }
}

/**
 * A closed loop: every session sends the same request again as soon as the last answered, until the deadline.
 * @param {import('./session.mjs').Session[]} sessions
 * @param {import('./client.mjs').LoadClient} client
 * @param {'floor' | 'orders'} target
 * @param {number} ms
 */
async function saturate(sessions, client, target, ms) {
  const deadline = Date.now() + ms
  await Promise.all(
    sessions.map(async (session) => {
      while (Date.now() < deadline) {
        if (target === 'floor') await client.send({ endpoint: 'GET /api/health/', method: 'GET', path: '/api/health/' })
        else await session.call({ endpoint: 'GET /api/orders/', method: 'GET', path: '/api/orders/?page=1&page_size=10' })
      }
    }),
  )
}

/**
 * Runs the load and returns what it measured.
 * @param {LoadOptions} options
 * @returns {Promise<LoadReport>}
 */
export async function runLoad({ baseUrl, users, password, seconds, thinkMs, throughputSeconds, throughputConnections, midway, cpuMs }) {
  const client = createLoadClient(baseUrl, { connections: Math.max(users, throughputConnections) })
  const counters = newCounters()
  try {
    const sessions = Array.from({ length: users }, (_, i) => createSession(client, { username: loadUsername(i + 1), password }, counters))
    const loginStarted = performance.now()
    const logins = await Promise.all(sessions.map((session) => session.login()))
    if (logins.includes(false)) {
      throw new Error(`${logins.filter((ok) => !ok).length} of ${users} logins failed: are the accounts there (manage.py seedloadusers ${users} --password ...)?`)
    }
    const loginSeconds = (performance.now() - loginStarted) / 1000

    const browseStarted = performance.now()
    const deadline = Date.now() + seconds * 1000
    const midwayDone = midway ? new Promise((resolveMidway) => setTimeout(resolveMidway, midway.atMs)).then(() => midway.run()) : Promise.resolve()
    await Promise.all([...sessions.map((session) => browse(session, deadline, thinkMs)), midwayDone])
    const browseSeconds = (performance.now() - browseStarted) / 1000
    const browsing = client.stats

    /** @type {import('./client.mjs').StatsByEndpoint} */
    const throughput = new Map()
    const spent = { floor: 0, orders: 0 }
    /** @type {Record<'floor' | 'orders', Record<string, number>>} */
    const cpu = { floor: {}, orders: {} }
    if (throughputSeconds > 0) {
      client.countInto(throughput)
      const loop = sessions.slice(0, throughputConnections)
      for (const target of /** @type {const} */ (['floor', 'orders', 'floor', 'orders'])) {
        const started = performance.now()
        const before = cpuMs?.() ?? {}
        await saturate(loop, client, target, throughputSeconds * 1000)
        const after = cpuMs?.() ?? {}
        spent[target] += (performance.now() - started) / 1000
        for (const [part, ms] of Object.entries(after)) cpu[target][part] = (cpu[target][part] ?? 0) + ms - (before[part] ?? 0)
      }
    }

    client.countInto(browsing) // logouts end the browsing
    await Promise.all(sessions.map((session) => session.logout()))

    const completed = (/** @type {string} */ endpoint) => [...(throughput.get(endpoint)?.outcomes.entries() ?? [])].filter(([outcome]) => succeeded(outcome)).reduce((sum, [, count]) => sum + count, 0)
    const perRequest = (/** @type {'floor' | 'orders'} */ target, /** @type {string} */ endpoint) =>
      Object.fromEntries(Object.entries(cpu[target]).map(([part, ms]) => [part, round(ms / Math.max(1, completed(endpoint)), 2)]))
    const floorRps = throughputSeconds > 0 ? completed('GET /api/health/') / spent.floor : null
    const ordersRps = throughputSeconds > 0 ? completed('GET /api/orders/') / spent.orders : null
    const errors = [...browsing.values()].flatMap((entry) => [...entry.outcomes.entries()]).filter(([outcome]) => !succeeded(outcome)).reduce((sum, [, count]) => sum + count, 0)
    const readsP99 = Math.max(...AUTHENTICATED_READS.map((endpoint) => percentile([...(browsing.get(endpoint)?.latencies ?? [])].sort((a, b) => a - b), 99)).filter((value) => !Number.isNaN(value)))
    return {
      users,
      loginSeconds: round(loginSeconds, 1),
      seconds: round(browseSeconds, 1),
      endpoints: endpointRows(browsing, browseSeconds),
      sessions: { ...counters, userVisibleErrors: Object.fromEntries(counters.userVisibleErrors) },
      errors,
      readsP99: round(readsP99, 1),
      throughput: [
        ...endpointRows(new Map([...throughput].filter(([endpoint]) => endpoint === 'GET /api/health/')), spent.floor),
        ...endpointRows(new Map([...throughput].filter(([endpoint]) => endpoint !== 'GET /api/health/')), spent.orders),
      ],
      cpuPerRequest: throughputSeconds > 0 ? { 'GET /api/health/': perRequest('floor', 'GET /api/health/'), 'GET /api/orders/': perRequest('orders', 'GET /api/orders/') } : {},
      floorRps: floorRps === null ? null : round(floorRps, 1),
      ordersRps: ordersRps === null ? null : round(ordersRps, 1),
      ratio: floorRps && ordersRps !== null ? round(ordersRps / floorRps, 2) : null,
    }
  } finally {
    await client.close()
  }
}
