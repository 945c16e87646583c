/**
 * A session's device label, made from its User-Agent in the reader's language (server/accounts/devices.py), by the
 * rules the server reads too: server/accounts/device_rules.json, embedded in ./data/deviceRules.ts by
 * scripts/embed-device-rules.mjs (the app's tests/unit/contract/sessions.test.ts checks the two are equal).
 */
import { DEVICE_RULES } from './data/deviceRules.js'
import { gettextLazy, type Text } from './translation.js'

type Rule = readonly [name: string, pattern: RegExp]

/** The file's [name, pattern] pairs, first match wins; the patterns mean the same in Python's re and here. */
function compiled(pairs: ReadonlyArray<readonly [string, string]>): readonly Rule[] {
  return pairs.map(([name, pattern]) => [name, new RegExp(pattern)] as const)
}

const RULES = { browsers: compiled(DEVICE_RULES.browsers), systems: compiled(DEVICE_RULES.systems) } as const

const BROWSER_ON_SYSTEM = gettextLazy('%(browser)s on %(system)s')
const UNKNOWN_DEVICE = gettextLazy('Unknown device')

/** first_match: the name of the first rule whose pattern is found anywhere in the User-Agent (re.search). */
function firstMatch(rules: readonly Rule[], userAgent: string): string | undefined {
  return rules.find(([, pattern]) => pattern.test(userAgent))?.[0]
}

/** "Chrome on Linux" (zh-hans: "Linux 上的 Chrome"), "Firefox", "Android"; neither known: "Unknown device". */
export function deviceLabel(userAgent: string): Text {
  const browser = firstMatch(RULES.browsers, userAgent)
  const system = firstMatch(RULES.systems, userAgent)
  if (browser && system) return BROWSER_ON_SYSTEM.percent({ browser, system })
  return browser ?? system ?? UNKNOWN_DEVICE
}
