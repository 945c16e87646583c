/**
 * Differential: the mock's Python JSON parser (tests/unit/contract/python-json.test.ts) against DRF's JSONParser
 * on CPython: every text is POSTed to /token/ as application/json, so the reason after "JSON parse error - " is
 * the real server's. Valid bodies of other types reach the serializer, which names their Python type.
 */
import { describeDifferential } from './harness'

const JSON_TYPE = { 'Content-Type': 'application/json' }

/** The texts of the unit test's CPython table (it lists the message json.loads gives for each). */
const TEXTS = [
  '',
  ' ',
  'x',
  '{',
  '{"a"',
  '{"a":',
  '{"a":1',
  '{"a":1,}',
  '{"a" 1}',
  "{'a':1}",
  '{a:1}',
  '[1,]',
  '[',
  '[1 2]',
  '"abc',
  '"\\x"',
  '"\\u12"',
  '"\\u12zz"',
  '"\\ud800\\uzzzz"',
  '"a\nb"',
  '1 2',
  '{"a":1}}',
  '-',
  'tru',
  '01',
  '1.',
  '{\n  "item": "x",\n  "price": 1,\n}',
  '{"\u00e9": "\u00fc" x}',
  '{"a": "\ud83d\ude00" ,,}',
  '\ufeff{}',
  '[1, 2, 3,\n\n]',
  '{"username": "demo", "password": }',
]

/** Valid JSON of each Python type, and the constants Python's parser refuses. */
const PARSED = [
  '{"price": NaN}',
  '[-Infinity]',
  '{"a": [1, 2.5, "x\\u00e9\\ud83d\\ude00", true, null], "b": {}}',
  ' 2.0 ',
  '2',
  '"s"',
  'null',
  '{"__proto__": {"username": "demo"}, "password": "demo123"}',
]

/** Bodies as bytes, for how DRF decodes them (codecs.getreader('utf-8')). */
const BYTES = [
  [0xff, 0x7b, 0x7d],
  [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe4, 0x78, 0x22, 0x7d],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xef, 0xbb, 0xbf, 0x7b, 0x7d],
  [0x7b, 0x7d, 0xe4, 0xbd],
]

describeDifferential('JSON parse errors', {}, (differential) => {
  for (const body of [...TEXTS, ...PARSED]) {
    differential(`POST /token/ with ${JSON.stringify(body)}`, async (api) => {
      await api.request('POST', '/token/', { body, headers: JSON_TYPE })
    })
  }

  for (const bytes of BYTES) {
    differential(`POST /token/ with the bytes ${bytes.map((byte) => byte.toString(16).padStart(2, '0')).join(' ')}`, async (api) => {
      await api.request('POST', '/token/', { body: new Uint8Array(bytes), headers: JSON_TYPE })
    })
  }
})
