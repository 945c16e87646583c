/**
 * JSON.parse with CPython's json error messages (what DRF puts after "JSON parse error - ").
 * Mirrors Modules/_json.c: same checks, same order, positions counted in code points.
 * DRF parses with parse_constant=strict_constant, so NaN/Infinity are refused with its message.
 */

/** Python's type names, for DRF's "Expected a dictionary, but got <type>." */
export type PythonType = 'dict' | 'list' | 'str' | 'int' | 'float' | 'bool' | 'NoneType'

export type PythonJsonResult = { ok: true; value: unknown; type: PythonType } | { ok: false; message: string }

class DecodeError extends Error {
  constructor(
    readonly reason: string,
    readonly pos: number,
  ) {
    super(reason)
  }
}

/** Python raises StopIteration(idx) when no value starts at idx; callers report "Expecting value". */
class NoValue extends Error {
  constructor(readonly pos: number) {
    super('Expecting value')
  }
}

/** A ValueError without position (parse_constant refusing NaN/Infinity). */
class PlainValueError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\n', '\r'])
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }
/**
 * How deep Python's json nests before its RecursionError: Python's limit (1000 frames) less the server's own stack
 * when it parses, so only roughly Python's; the tests nest far below or far above it.
 */
const MAX_DEPTH = 900

/** Python's RecursionError from the C scanner, naming the container it was entering. */
class RecursionLimit extends Error {
  constructor(readonly container: 'array' | 'object') {
    super(`maximum recursion depth exceeded while decoding a JSON ${container} from a unicode string`)
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9'
}

function hexValue(c: string | undefined): number | undefined {
  if (c === undefined || !/^[0-9a-fA-F]$/.test(c)) return undefined
  return parseInt(c, 16)
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty so a "__proto__" key is data, as in Python, not a prototype change.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

class Scanner {
  private readonly s: string[]
  private readonly len: number
  private depth = 0
  /** Whether the last number scanned was a float (Python distinguishes int and float). */
  lastNumberWasFloat = false

  constructor(text: string) {
    this.s = Array.from(text)
    this.len = this.s.length
  }

  get chars(): string[] {
    return this.s
  }

  skipWhitespace(idx: number): number {
    while (idx < this.len && WHITESPACE.has(this.s[idx] as string)) idx++
    return idx
  }

  private startsWith(idx: number, word: string): boolean {
    return this.s.slice(idx, idx + word.length).join('') === word
  }

  scanOnce(idx: number): [unknown, number] {
    if (idx >= this.len) throw new NoValue(idx)
    const c = this.s[idx]
    switch (c) {
      case '"':
        return this.scanString(idx + 1)
      case '{':
        return this.nested('object', () => this.parseObject(idx + 1))
      case '[':
        return this.nested('array', () => this.parseArray(idx + 1))
      case 'n':
        if (this.startsWith(idx, 'null')) return [null, idx + 4]
        break
      case 't':
        if (this.startsWith(idx, 'true')) return [true, idx + 4]
        break
      case 'f':
        if (this.startsWith(idx, 'false')) return [false, idx + 5]
        break
      case 'N':
        if (this.startsWith(idx, 'NaN')) this.refuseConstant('NaN')
        break
      case 'I':
        if (this.startsWith(idx, 'Infinity')) this.refuseConstant('Infinity')
        break
      case '-':
        if (this.startsWith(idx, '-Infinity')) this.refuseConstant('-Infinity')
        break
    }
    return this.matchNumber(idx)
  }

  private nested<T>(container: 'array' | 'object', parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new RecursionLimit(container)
    try {
      return parse()
    } finally {
      this.depth--
    }
  }

  private refuseConstant(name: string): never {
    throw new PlainValueError(`Out of range float values are not JSON compliant: '${name}'`)
  }

  private matchNumber(start: number): [number, number] {
    const s = this.s
    const end = this.len - 1
    let idx = start
    if (s[idx] === '-') {
      idx++
      if (idx > end) throw new NoValue(start)
    }
    if (s[idx] !== undefined && (s[idx] as string) >= '1' && (s[idx] as string) <= '9') {
      idx++
      while (idx <= end && isDigit(s[idx])) idx++
    } else if (s[idx] === '0') {
      idx++
    } else {
      throw new NoValue(start)
    }
    let isFloat = false
    if (idx < end && s[idx] === '.' && isDigit(s[idx + 1])) {
      isFloat = true
      idx += 2
      while (idx <= end && isDigit(s[idx])) idx++
    }
    if (idx < end && (s[idx] === 'e' || s[idx] === 'E')) {
      const eStart = idx
      idx++
      if (idx < end && (s[idx] === '-' || s[idx] === '+')) idx++
      while (idx <= end && isDigit(s[idx])) idx++
      if (isDigit(s[idx - 1])) isFloat = true
      else idx = eStart
    }
    this.lastNumberWasFloat = isFloat
    return [Number(s.slice(start, idx).join('')), idx]
  }

  /** `end` is the index just after the opening quote. */
  scanString(end: number): [string, number] {
    const s = this.s
    const len = this.len
    const begin = end - 1
    let out = ''
    for (;;) {
      let next = end
      let c = ''
      for (; next < len; next++) {
        c = s[next] as string
        if (c === '"' || c === '\\') break
        if (c.codePointAt(0)! <= 0x1f) throw new DecodeError('Invalid control character at', next)
      }
      if (next >= len || !(c === '"' || c === '\\')) throw new DecodeError('Unterminated string starting at', begin)
      out += s.slice(end, next).join('')
      next++
      if (c === '"') return [out, next]
      if (next === len) throw new DecodeError('Unterminated string starting at', begin)
      c = s[next] as string
      if (c !== 'u') {
        end = next + 1
        const escaped = ESCAPES[c]
        if (escaped === undefined) throw new DecodeError('Invalid \\escape', end - 2)
        out += escaped
        continue
      }
      next++
      end = next + 4
      if (end >= len) throw new DecodeError('Invalid \\uXXXX escape', next - 1)
      let code = this.readHex4(next, end)
      if (code >= 0xd800 && code <= 0xdbff && end + 6 < len && s[end] === '\\' && s[end + 1] === 'u') {
        const low = this.readHex4(end + 2, end + 6)
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
          end += 6
        }
      }
      out += code > 0xffff ? String.fromCodePoint(code) : String.fromCharCode(code)
    }
  }

  private readHex4(from: number, end: number): number {
    let code = 0
    for (let i = from; i < end; i++) {
      const digit = hexValue(this.s[i])
      if (digit === undefined) throw new DecodeError('Invalid \\uXXXX escape', end - 5)
      code = (code << 4) | digit
    }
    return code
  }

  private parseObject(start: number): [Record<string, unknown>, number] {
    const s = this.s
    const end = this.len - 1
    const result: Record<string, unknown> = {}
    let idx = this.skipWhitespace(start)
    if (idx > end || s[idx] !== '}') {
      for (;;) {
        if (idx > end || s[idx] !== '"') throw new DecodeError('Expecting property name enclosed in double quotes', idx)
        const [key, afterKey] = this.scanString(idx + 1)
        idx = this.skipWhitespace(afterKey)
        if (idx > end || s[idx] !== ':') throw new DecodeError("Expecting ':' delimiter", idx)
        idx = this.skipWhitespace(idx + 1)
        const [value, afterValue] = this.scanOnce(idx)
        setOwn(result, key, value)
        idx = this.skipWhitespace(afterValue)
        if (idx <= end && s[idx] === '}') break
        if (idx > end || s[idx] !== ',') throw new DecodeError("Expecting ',' delimiter", idx)
        idx = this.skipWhitespace(idx + 1)
      }
    }
    return [result, idx + 1]
  }

  private parseArray(start: number): [unknown[], number] {
    const s = this.s
    const end = this.len - 1
    const result: unknown[] = []
    let idx = this.skipWhitespace(start)
    if (idx > end || s[idx] !== ']') {
      for (;;) {
        const [value, afterValue] = this.scanOnce(idx)
        result.push(value)
        idx = this.skipWhitespace(afterValue)
        if (idx <= end && s[idx] === ']') break
        if (idx > end || s[idx] !== ',') throw new DecodeError("Expecting ',' delimiter", idx)
        idx = this.skipWhitespace(idx + 1)
      }
    }
    return [result, idx + 1]
  }
}

/** "msg: line L column C (char P)", as json.JSONDecodeError formats it. */
function formatDecodeError(chars: string[], reason: string, pos: number): string {
  const before = chars.slice(0, pos)
  const line = before.filter((c) => c === '\n').length + 1
  const column = pos - before.lastIndexOf('\n')
  return `${reason}: line ${line} column ${column} (char ${pos})`
}

function pythonTypeOf(value: unknown, wasFloat: boolean): PythonType {
  if (value === null) return 'NoneType'
  if (Array.isArray(value)) return 'list'
  switch (typeof value) {
    case 'string':
      return 'str'
    case 'boolean':
      return 'bool'
    case 'number':
      return wasFloat ? 'float' : 'int'
    default:
      return 'dict'
  }
}

/** json.loads(text) as DRF's JSONParser calls it. */
export function parsePythonJson(text: string): PythonJsonResult {
  const scanner = new Scanner(text)
  try {
    if (text.startsWith('\ufeff')) throw new DecodeError('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0)
    const start = scanner.skipWhitespace(0)
    let value: unknown
    let end: number
    try {
      ;[value, end] = scanner.scanOnce(start)
    } catch (error) {
      if (error instanceof NoValue) throw new DecodeError('Expecting value', error.pos)
      throw error
    }
    const wasFloat = typeof value === 'number' && scanner.lastNumberWasFloat
    end = scanner.skipWhitespace(end)
    if (end !== scanner.chars.length) throw new DecodeError('Extra data', end)
    return { ok: true, value, type: pythonTypeOf(value, wasFloat) }
  } catch (error) {
    if (error instanceof DecodeError) return { ok: false, message: formatDecodeError(scanner.chars, error.reason, error.pos) }
    if (error instanceof NoValue) return { ok: false, message: formatDecodeError(scanner.chars, 'Expecting value', error.pos) }
    if (error instanceof PlainValueError) return { ok: false, message: error.message }
    // Stock DRF lets the RecursionError through (a 500); the server's parser (backend/parsers.py) makes it a ParseError.
    if (error instanceof RecursionLimit) return { ok: false, message: error.message }
    throw error
  }
}
