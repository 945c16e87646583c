/**
 * The redirect target after login must stay inside this app. Accepted: a path that starts with a
 * single "/", has no backslash, control character or whitespace trick, and that a URL parser keeps
 * on our own origin. Everything else (other origins in any spelling, `//evil`, `/\evil`,
 * `javascript:`, encoded variants that decode to any of those) is refused.
 */
const PROBE_ORIGIN = 'https://app.invalid'
const MAX_LENGTH = 2048

function staysOnOrigin(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//')) return false
  // Backslashes, control characters and whitespace: browsers strip or reinterpret them in URLs.
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u0020\u007f-\u009f\u2028\u2029\ufeff]/.test(path)) return false
  try {
    return new URL(path, PROBE_ORIGIN).origin === PROBE_ORIGIN
  } catch {
    return false
  }
}

export function isSafeRedirectPath(raw: unknown): raw is string {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_LENGTH) return false
  // Check the value and each layer of percent-decoding, so `/%2F%2Fevil.com` can't turn into `//evil.com` later.
  let layer = raw
  for (let depth = 0; depth < 4; depth += 1) {
    if (!staysOnOrigin(layer)) return false
    let decoded: string
    try {
      decoded = decodeURIComponent(layer)
    } catch {
      return false
    }
    if (decoded === layer) return true
    layer = decoded
  }
  return false
}
