// The machine's processes as an operator sees them, from Linux's /proc: who is whose child, how much CPU each used.
// The load bench's CPU figures (cpu.mjs) and its kill from outside (--kill-one), and the stack test's, read them.
import { readdirSync, readFileSync } from 'node:fs'

/** Linux's USER_HZ: /proc counts CPU time in 1/100 s on every architecture Node runs on. */
const TICKS_PER_SECOND = 100

/**
 * Every process now running: its id, its parent's, its process group, its state (R, S, ..., Z for a zombie: dead,
 * not yet reaped by its parent) and the CPU milliseconds (user + system) it used so far.
 * @returns {Array<{ pid: number, ppid: number, pgid: number, state: string, cpuMs: number }>}
 */
export function listProcesses() {
  return readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return []
    let stat
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      return [] // exited meanwhile
    }
    // The fields after the command name (which may hold spaces), from field 3 (state): ppid is 4, pgrp 5, utime 14,
    // stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
    return [{ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]), state: /** @type {string} */ (fields[0]), cpuMs }]
  })
}

/**
 * A process and all its descendants (e.g. gunicorn's master and its workers), parents first.
 * @param {number} pid
 * @returns {number[]}
 */
export function processTree(pid) {
  const processes = listProcesses()
  const tree = [pid]
  for (let i = 0; i < tree.length; i += 1) tree.push(...processes.filter(({ ppid }) => ppid === tree[i]).map((child) => child.pid))
  return tree
}

/**
 * SIGKILL to a process and every descendant, one by one by id, as the OOM killer or a crash would end them (not
 * through whoever started them): resolves the ids killed.
 * @param {number} pid
 */
export function killTree(pid) {
  const tree = processTree(pid)
  for (const id of tree) {
    try {
      process.kill(id, 'SIGKILL')
    } catch {
      // gone meanwhile
    }
  }
  return tree
}

/**
 * The processes of a process group that still live (a zombie is dead: an orphaned worker stays one until the
 * machine's init reaps it, and `kill(-group, 0)` still finds it).
 * @param {number} pgid
 * @returns {number[]}
 */
export function liveMembers(pgid) {
  return listProcesses()
    .filter((entry) => entry.pgid === pgid && entry.state !== 'Z')
    .map((entry) => entry.pid)
}
