// Where a request's CPU goes: the CPU time (user + system) of each part of the stack, read from Linux's /proc: each
// part is a main process (nginx's master, each gunicorn's, PostgreSQL's postmaster) with its children, and this
// process (the load client).
import { readdirSync, readFileSync } from 'node:fs'

/** Linux's USER_HZ: /proc counts CPU time in 1/100 s on every architecture Node runs on. */
const TICKS_PER_SECOND = 100

/**
 * CPU milliseconds used so far by each named set of main processes and their children, plus 'load client' (this
 * process). A process that exited is no longer counted: sample around a phase in which nothing exits.
 * @param {Record<string, number[]>} groups e.g. { nginx: [1234], gunicorn: [2345, 3456], postgres: [4567] }
 * @returns {Record<string, number>}
 */
export function cpuMsByGroup(groups) {
  /** @type {Map<number, string>} */
  const nameOf = new Map(Object.entries(groups).flatMap(([name, ids]) => ids.map((id) => [id, name])))
  /** @type {Record<string, number>} */
  const used = Object.fromEntries(Object.keys(groups).map((name) => [name, 0]))
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // exited meanwhile
    }
    // The fields after the command name (which may hold spaces), from field 3 (state): ppid is 4, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const name = nameOf.get(Number(entry)) ?? nameOf.get(Number(fields[1]))
    if (name) used[name] += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
  }
  const own = process.cpuUsage()
  used['load client'] = (own.user + own.system) / 1000
  return used
}
