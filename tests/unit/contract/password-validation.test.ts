// @vitest-environment node
/**
 * The mock's password validators against Django's own: the same passwords go through the server's Django's
 * validate_password (its environment, server/.venv: Django 5.2, run here) with the four default
 * AUTH_PASSWORD_VALIDATORS and the server's LOCALE_PATHS (server/locale translates Django 5.2's new
 * MinimumLengthValidator msgid), and the messages must be the same, in English and in Chinese. The common-passwords
 * list must be Django's, byte for byte. (Only the current stack has a password change.)
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { commonPasswords } from '../../../packages/mock/src/commonPasswords'
import { COMMON_PASSWORDS_GZIP_BASE64 } from '../../../packages/mock/src/data/commonPasswords'
import { quickRatio, validatePassword } from '../../../packages/mock/src/passwordValidation'
import { ensurePythonEnv } from '../../../server/python-env.mjs'

/** The project's own catalog, settings.LOCALE_PATHS. */
const SERVER_LOCALE = join(dirname(fileURLToPath(import.meta.url)), '../../../server/locale')

/** The server's Python, built from server/requirements.txt by beforeAll if needed. */
let serverPython = ''

/** Django's own common-passwords list, in the server's environment. */
function djangoList(): string {
  const result = spawnSync(serverPython, ['-c', 'import django, os; print(os.path.dirname(django.__file__))'], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`the server's Python can't import Django:\n${result.stderr}`)
  return join(result.stdout.trim(), 'contrib/auth/common-passwords.txt.gz')
}

/** Django's messages for each [username, password], per language, from Django itself. */
const DJANGO_VALIDATE = `
import json, sys
from django.conf import settings
settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
    USE_I18N=True,
    LOCALE_PATHS=[sys.argv[1]],
    AUTH_PASSWORD_VALIDATORS=[{"NAME": "django.contrib.auth.password_validation." + name} for name in (
        "UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator", "NumericPasswordValidator",
    )],
)
import django
django.setup()
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation

def messages(username, password):
    try:
        validate_password(password, User(username=username))
        return []
    except ValidationError as error:
        return list(error.messages)

cases = json.load(sys.stdin)
answers = {}
for language in ("en", "zh-hans"):
    with translation.override(language):
        answers[language] = [messages(username, password) for username, password in cases]
print(json.dumps(answers))
`

/** Realistic passwords and the edges of each rule (length 7/8, the 0.7 similarity line, letter case, scripts). */
const CASES: Array<[string, string]> = [
  ['demo', 'demo'],
  ['demo', 'demo123'],
  ['demo', 'demo1234'],
  ['demo', 'demodemo'],
  ['demo', 'dem0'],
  ['demo', 'Demo'],
  ['demo', 'x7!kq'],
  ['demo', 'abcdefg'],
  ['demo', 'abcdefgh'],
  ['demo', 'password'],
  ['demo', 'PASSWORD'],
  ['demo', 'passw0rd'],
  ['demo', 'qwertyuiop'],
  ['demo', 'iloveyou'],
  ['demo', '123'],
  ['demo', '12345678'],
  ['demo', '2024'],
  ['demo', '3141592653'],
  ['demo', '٣١٤١٥٩٢٦'],
  ['demo', '²²²²²²²²'],
  ['demo', '①②③④⑤⑥⑦⑧'],
  ['demo', 'kettle-violet-42'],
  ['demo', 'correct horse battery staple'],
  ['demo', '密码密码密码密码'],
  ['demo', '密码'],
  ['demo', 'pässwörd'],
  ['demo', '🔑🔑🔑🔑🔑🔑🔑'],
  ['admin', 'admin'],
  ['admin', 'admin123'],
  ['admin', 'nimda123'],
  ['admin', 'admin2024!'],
  ['admin', 'adminadmin'],
  ['admin', 'Admin12'],
  ['admin', 'd-a-m-i-n-x'],
  ['admin', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  ['jean-luc.picard', 'picard99'],
  ['jean-luc.picard', 'jean-luc'],
  ['jean-luc.picard', 'enterprise-1701'],
]

function djangoAnswers(): Record<'en' | 'zh-hans', string[][]> {
  const result = spawnSync(serverPython, ['-c', DJANGO_VALIDATE, SERVER_LOCALE], { input: JSON.stringify(CASES), encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`Django's validate_password failed:\n${result.stderr}`)
  return JSON.parse(result.stdout) as Record<'en' | 'zh-hans', string[][]>
}

describe('the mock’s AUTH_PASSWORD_VALIDATORS', () => {
  beforeAll(() => {
    serverPython = ensurePythonEnv('server')
  }, 300_000)

  it('ships Django’s common-passwords list unchanged', async () => {
    expect(Buffer.from(COMMON_PASSWORDS_GZIP_BASE64, 'base64').equals(readFileSync(djangoList()))).toBe(true)
    const passwords = await commonPasswords()
    expect(passwords.size).toBeGreaterThan(19_000)
    expect(passwords.has('123456')).toBe(true)
    expect(passwords.has('password')).toBe(true)
    expect(passwords.has('kettle-violet-42')).toBe(false)
  })

  it('gives Django’s messages for every case, in English and in Chinese', async () => {
    const django = djangoAnswers()
    for (const [index, [username, password]] of CASES.entries()) {
      const refusals = await validatePassword(password, { username })
      for (const language of ['en', 'zh-hans'] as const) {
        expect({ username, password, language, messages: refusals.map((message) => message.translate(language)) }).toEqual({
          username,
          password,
          language,
          messages: django[language][index],
        })
      }
    }
  })

  it('computes difflib’s quick_ratio', () => {
    // Values printed by Python's difflib.SequenceMatcher(a=a, b=b).quick_ratio().
    expect(quickRatio('demo1234', 'demo')).toBeCloseTo(0.6666666666666666, 12)
    expect(quickRatio('nimda123', 'admin')).toBeCloseTo(0.7692307692307693, 12)
    expect(quickRatio('aab', 'abb')).toBeCloseTo(0.6666666666666666, 12)
    expect(quickRatio('', '')).toBe(1)
  })
})
