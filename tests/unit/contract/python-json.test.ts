/**
 * The mock's JSON parser against CPython: every expected message below was printed by
 * `json.loads(text)` on CPython 3.11 (the text DRF puts after "JSON parse error - ").
 */
import { describe, expect, it } from 'vitest'
import { pythonUtf8Decode } from '../../../packages/mock/src/python'
import { parsePythonJson } from '../../../packages/mock/src/pythonJson'

const CPYTHON_311: Array<[string, string]> = [
  ["", "Expecting value: line 1 column 1 (char 0)"],
  [" ", "Expecting value: line 1 column 2 (char 1)"],
  ["x", "Expecting value: line 1 column 1 (char 0)"],
  ["{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"],
  ["{\"a\"", "Expecting ':' delimiter: line 1 column 5 (char 4)"],
  ["{\"a\":", "Expecting value: line 1 column 6 (char 5)"],
  ["{\"a\":1", "Expecting ',' delimiter: line 1 column 7 (char 6)"],
  ["{\"a\":1,}", "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"],
  ["{\"a\" 1}", "Expecting ':' delimiter: line 1 column 6 (char 5)"],
  ["{'a':1}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"],
  ["{a:1}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"],
  ["[1,]", "Expecting value: line 1 column 4 (char 3)"],
  ["[", "Expecting value: line 1 column 2 (char 1)"],
  ["[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"],
  ["\"abc", "Unterminated string starting at: line 1 column 1 (char 0)"],
  ["\"\\x\"", "Invalid \\escape: line 1 column 2 (char 1)"],
  ["\"\\u12\"", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"],
  ["\"\\u12zz\"", "Invalid \\uXXXX escape: line 1 column 3 (char 2)"],
  ["\"\\ud800\\uzzzz\"", "Invalid \\uXXXX escape: line 1 column 9 (char 8)"],
  ["\"a\nb\"", "Invalid control character at: line 1 column 3 (char 2)"],
  ["1 2", "Extra data: line 1 column 3 (char 2)"],
  ["{\"a\":1}}", "Extra data: line 1 column 8 (char 7)"],
  ["-", "Expecting value: line 1 column 1 (char 0)"],
  ["tru", "Expecting value: line 1 column 1 (char 0)"],
  ["01", "Extra data: line 1 column 2 (char 1)"],
  ["1.", "Extra data: line 1 column 2 (char 1)"],
  ["{\n  \"item\": \"x\",\n  \"price\": 1,\n}", "Expecting property name enclosed in double quotes: line 4 column 1 (char 31)"],
  ["{\"\u00e9\": \"\u00fc\" x}", "Expecting ',' delimiter: line 1 column 11 (char 10)"],
  ["{\"a\": \"\ud83d\ude00\" ,,}", "Expecting property name enclosed in double quotes: line 1 column 12 (char 11)"],
  ["\ufeff{}", "Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)"],
  ["[1, 2, 3,\n\n]", "Expecting value: line 3 column 1 (char 11)"],
  ["{\"username\": \"demo\", \"password\": }", "Expecting value: line 1 column 34 (char 33)"],
]

describe('parsePythonJson', () => {
  it.each(CPYTHON_311)('refuses %j with CPython\'s message', (text, message) => {
    expect(parsePythonJson(text)).toEqual({ ok: false, message })
  })

  it('refuses NaN and Infinity with DRF\'s strict_constant message', () => {
    expect(parsePythonJson('{"price": NaN}')).toEqual({ ok: false, message: "Out of range float values are not JSON compliant: 'NaN'" })
    expect(parsePythonJson('[-Infinity]')).toEqual({ ok: false, message: "Out of range float values are not JSON compliant: '-Infinity'" })
  })

  it('parses what JSON.parse parses, and names the Python type', () => {
    const text = '{"a": [1, 2.5, "x\\u00e9\\ud83d\\ude00", true, null], "b": {}}'
    expect(parsePythonJson(text)).toEqual({ ok: true, value: JSON.parse(text), type: 'dict' })
    expect(parsePythonJson(' 2.0 ')).toMatchObject({ ok: true, value: 2, type: 'float' })
    expect(parsePythonJson('2')).toMatchObject({ type: 'int' })
    expect(parsePythonJson('"s"')).toMatchObject({ type: 'str' })
    expect(parsePythonJson('null')).toMatchObject({ type: 'NoneType' })
  })

  it('keeps a "__proto__" key as data', () => {
    const result = parsePythonJson('{"__proto__": {"polluted": true}}')
    expect(result.ok && Object.keys(result.value as object)).toEqual(['__proto__'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('pythonUtf8Decode (codecs.getreader("utf-8"), as DRF reads the body)', () => {
  it.each([
    [[0xff, 0x7b, 0x7d], "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"],
    [[0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe4, 0x78, 0x22, 0x7d], "'utf-8' codec can't decode byte 0xe4 in position 6: invalid continuation byte"],
    [[0xed, 0xa0, 0x80], "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte"],
    [[0xc0, 0xaf], "'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"],
  ])('refuses %j like CPython', (bytes, message) => {
    expect(pythonUtf8Decode(new Uint8Array(bytes))).toEqual({ ok: false, message })
  })

  it('keeps a BOM and drops an incomplete sequence at the very end', () => {
    expect(pythonUtf8Decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toEqual({ ok: true, text: '\ufeff{}' })
    expect(pythonUtf8Decode(new Uint8Array([0x7b, 0x7d, 0xe4, 0xbd]))).toEqual({ ok: true, text: '{}' })
  })
})
