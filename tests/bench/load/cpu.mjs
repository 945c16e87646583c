// Where a request's CPU goes: the CPU time (user + system) of each part of the stack, read from Linux's /proc: each
// part is a main process (nginx's master, each gunicorn's, PostgreSQL's postmaster) with its children, and this
// process (the load client).
import { listProcesses } from './processes.mjs'

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
  for (const { pid, ppid, cpuMs } of listProcesses()) {
    const name = nameOf.get(pid) ?? nameOf.get(ppid)
    if (name) used[name] += cpuMs
  }
  const own = process.cpuUsage()
  used['load client'] = (own.user + own.system) / 1000
  return used
}
