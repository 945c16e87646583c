/**
 * The mock's zh-hans catalog against the compiled catalogs the reference server loads (Debian 12's packages).
 * The lookup is rebuilt from django/utils/translation/trans_real.py: DjangoTranslation starts from Django's own
 * catalog, then merges each installed app's in REVERSED INSTALLED_APPS order into a TranslationCatalog, where a
 * merged catalog overrides what is there (same plural formula) or goes in front (another formula): so the app
 * listed first wins. A msgid found nowhere falls back to English, whose catalogs must leave it unchanged.
 * The Debian packages are required: without them this test fails (CI installs them).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import '@/mocks/backend' // every module of the mock, so every message it marks for translation is registered
import { ZH_HANS } from '@/mocks/locale/zhHans'
import { markedMsgids } from '@/mocks/translation'

const DIST_PACKAGES = '/usr/lib/python3/dist-packages'
const DJANGO_LOCALE = join(DIST_PACKAGES, 'django/conf/locale')
/** INSTALLED_APPS that have a locale folder, in settings order (token_blacklist and the project's apps have none). */
const APP_LOCALES = ['django/contrib/auth', 'django/contrib/contenttypes', 'rest_framework', 'rest_framework_simplejwt'].map((app) =>
  join(DIST_PACKAGES, app, 'locale'),
)
const MISSING_PACKAGES = 'apt-get install -y python3-django python3-djangorestframework python3-djangorestframework-simplejwt'

interface MoCatalog {
  messages: Map<string, string>
  /** The Plural-Forms formula: TranslationCatalog merges catalogs whose plural functions compile alike. */
  plural: string
}

/** A GNU .mo file, read as Python's gettext.GNUTranslations._parse does (singular messages only). */
function readMo(path: string): MoCatalog {
  const data = readFileSync(path)
  const magic = data.readUInt32LE(0)
  const read = magic === 0x950412de ? (at: number) => data.readUInt32LE(at) : (at: number) => data.readUInt32BE(at)
  if (magic !== 0x950412de && data.readUInt32BE(0) !== 0x950412de) throw new Error(`${path} is not a .mo file`)
  const count = read(8)
  const originals = read(12)
  const translations = read(16)
  const text = (table: number, index: number) => {
    const length = read(table + index * 8)
    const offset = read(table + index * 8 + 4)
    return data.subarray(offset, offset + length).toString('utf8')
  }
  const messages = new Map<string, string>()
  for (let i = 0; i < count; i++) messages.set(text(originals, i), text(translations, i))
  const pluralForms = /^Plural-Forms:.*plural=([^;\n]*)/im.exec(messages.get('') ?? '')
  return { messages, plural: pluralForms ? (pluralForms[1] as string).replace(/\s+/g, '') : '<gettext default>' }
}

/** gettext.find(..., [to_locale(language)]): the catalog file in a locale folder, if any. */
function catalogIn(localeDir: string, locale: string): MoCatalog | undefined {
  // _expand_lang("zh_Hans") also tries "zh" (as a gettext fallback): no package here has one, so nothing else answers.
  const [language, region] = locale.split('_')
  if (region) expect(existsSync(join(localeDir, language as string, 'LC_MESSAGES/django.mo'))).toBe(false)
  const path = join(localeDir, locale, 'LC_MESSAGES/django.mo')
  return existsSync(path) ? readMo(path) : undefined
}

/** DjangoTranslation(language)'s catalog: a gettext(msgid) that answers undefined where Django would fall back. */
function djangoCatalog(locale: string): (msgid: string) => string | undefined {
  const merged: MoCatalog[] = []
  for (const localeDir of [DJANGO_LOCALE, ...[...APP_LOCALES].reverse()]) {
    const catalog = catalogIn(localeDir, locale)
    if (!catalog) continue
    const samePlural = merged.find((existing) => existing.plural === catalog.plural)
    if (samePlural) for (const [msgid, text] of catalog.messages) samePlural.messages.set(msgid, text)
    else merged.unshift({ messages: new Map(catalog.messages), plural: catalog.plural })
  }
  return (msgid) => merged.find((catalog) => catalog.messages.has(msgid))?.messages.get(msgid)
}

describe('the zh-hans catalog', () => {
  const installed = [DJANGO_LOCALE, ...APP_LOCALES].every((dir) => existsSync(dir))

  it('has the Debian packages to check against', () => {
    expect(installed, `the Django/DRF/simplejwt packages are missing: ${MISSING_PACKAGES}`).toBe(true)
  })

  it('holds, for every message the mock marks, exactly what the server says in zh-hans, and nothing else', () => {
    expect(installed, MISSING_PACKAGES).toBe(true)
    const gettext = djangoCatalog('zh_Hans')
    const marked = markedMsgids()
    expect(marked.length).toBeGreaterThan(25)
    const expected = Object.fromEntries(marked.flatMap((msgid) => (gettext(msgid) ? [[msgid, gettext(msgid)]] : [])))
    expect(ZH_HANS).toEqual(expected)
  })

  it('leaves English as the msgids (the en catalogs translate none of them differently)', () => {
    expect(installed, MISSING_PACKAGES).toBe(true)
    const gettext = djangoCatalog('en')
    for (const msgid of markedMsgids()) expect([undefined, '', msgid]).toContain(gettext(msgid))
  })

  it('takes a message the first app in INSTALLED_APPS translates, not Django’s own text', () => {
    expect(installed, MISSING_PACKAGES).toBe(true)
    expect(readMo(join(DJANGO_LOCALE, 'zh_Hans/LC_MESSAGES/django.mo')).messages.get('This field is required.')).toBe('这个字段是必填项。')
    expect(ZH_HANS['This field is required.']).toBe('该字段是必填项。') // rest_framework's
  })
})
