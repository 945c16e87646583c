/** The few Python built-ins whose exact behaviour leaks into DRF's answers. */

/** int(text) for a str, exactly (Python's ints have no limit): whitespace, a sign and digit underscores allowed. */
export function pythonBigInt(text: string): bigint | undefined {
  const trimmed = text.trim()
  if (!/^[+-]?\d+(?:_\d+)*$/.test(trimmed)) return undefined
  return BigInt(trimmed.replace(/_/g, ''))
}

/** int(text) for a str, as a number (past 2^53 it is rounded); undefined on ValueError. */
export function pythonInt(text: string): number | undefined {
  const value = pythonBigInt(text)
  return value === undefined ? undefined : Number(value)
}

function pythonStringRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'"
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
  return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote
}

/** repr(value) for what json.loads can produce. */
export function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return pythonStringRepr(value)
  return pythonStr(value)
}

/** str(value) for what json.loads can produce (floats are close, not exact: 1e16 differs). */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`
  if (typeof value === 'object') {
    const items = Object.entries(value).map(([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item)}`)
    return `{${items.join(', ')}}`
  }
  return String(value)
}

/** urllib.parse.unquote_plus with errors='replace'. */
function unquotePlus(text: string): string {
  const spaced = text.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run)
      } catch {
        return '\ufffd'
      }
    })
  }
}

/** urllib.parse.quote_plus: only letters, digits and "_.-~" stay as they are. */
export function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+')
}

/** urllib.parse.parse_qs(query, keep_blank_values=True), insertion-ordered. */
function parseQs(query: string): Map<string, string[]> {
  const result = new Map<string, string[]>()
  for (const pair of query.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const key = unquotePlus(eq === -1 ? pair : pair.slice(0, eq))
    const value = eq === -1 ? '' : unquotePlus(pair.slice(eq + 1))
    result.set(key, [...(result.get(key) ?? []), value])
  }
  return result
}

/** urlencode(sorted(query.items()), doseq=True) */
function urlencodeSorted(query: Map<string, string[]>): string {
  const keys = [...query.keys()].sort()
  return keys.flatMap((key) => (query.get(key) ?? []).map((value) => `${quotePlus(key)}=${quotePlus(value)}`)).join('&')
}

function withQuery(url: string, edit: (query: Map<string, string[]>) => void): string {
  const hashAt = url.indexOf('#')
  const fragment = hashAt === -1 ? '' : url.slice(hashAt)
  const base = hashAt === -1 ? url : url.slice(0, hashAt)
  const queryAt = base.indexOf('?')
  const head = queryAt === -1 ? base : base.slice(0, queryAt)
  const query = parseQs(queryAt === -1 ? '' : base.slice(queryAt + 1))
  edit(query)
  const encoded = urlencodeSorted(query)
  return head + (encoded ? `?${encoded}` : '') + fragment
}

/** rest_framework.utils.urls.replace_query_param */
export function replaceQueryParam(url: string, key: string, value: string | number): string {
  return withQuery(url, (query) => query.set(key, [String(value)]))
}

/** rest_framework.utils.urls.remove_query_param */
export function removeQueryParam(url: string, key: string): string {
  return withQuery(url, (query) => query.delete(key))
}

/** Valid second bytes per lead byte (RFC 3629): overlongs and surrogates are refused like CPython does. */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf]
  if (lead === 0xed) return [0x80, 0x9f]
  if (lead === 0xf0) return [0x90, 0xbf]
  if (lead === 0xf4) return [0x80, 0x8f]
  return [0x80, 0xbf]
}

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2
  if (lead >= 0xe0 && lead <= 0xef) return 3
  if (lead >= 0xf0 && lead <= 0xf4) return 4
  return 0
}

function hexByte(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`
}

/**
 * codecs.getreader('utf-8')(stream).read(), which DRF's JSONParser uses: a BOM is kept (json then refuses it),
 * bad bytes raise UnicodeDecodeError, and an incomplete sequence at the very end is silently left out.
 */
export function pythonUtf8Decode(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i] as number
    if (lead < 0x80) {
      i++
      continue
    }
    const length = sequenceLength(lead)
    if (length === 0) return { ok: false, message: `'utf-8' codec can't decode byte ${hexByte(lead)} in position ${i}: invalid start byte` }
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return { ok: true, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, i)) }
      const [low, high] = k === 1 ? secondByteRange(lead) : [0x80, 0xbf]
      const byte = bytes[i + k] as number
      if (byte < low || byte > high) {
        return { ok: false, message: `'utf-8' codec can't decode byte ${hexByte(lead)} in position ${i}: invalid continuation byte` }
      }
    }
    i += length
  }
  return { ok: true, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) }
}

/** bool(value) for what json.loads can produce: 0, "", None, False, [] and {} are false. */
export function pythonTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}
