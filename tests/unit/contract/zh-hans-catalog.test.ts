// @vitest-environment node
/**
 * The mock's zh-hans catalogs against the compiled catalogs each real server loads: the server's environment
 * (server/.venv: Django 5.2, DRF 3.18, simplejwt 5.5) for simplejwt's dialects, the drf-jwt environment
 * (server/.venv-drf-jwt: Django 3.2, DRF 3.14) for djangorestframework-jwt, and the project's own catalog
 * (server/locale, LOCALE_PATHS) in both. Which folders Django reads, in which order, comes from the server's own
 * settings under each DIALECT (INSTALLED_APPS differ), asked of Django in that environment; the lookup is rebuilt from
 * django/utils/translation/trans_real.py: DjangoTranslation starts from Django's own catalog, merges each installed
 * app's in REVERSED INSTALLED_APPS order, then each of LOCALE_PATHS (reversed), into a TranslationCatalog where a
 * merged catalog overrides what is there (same plural formula) or goes in front (another formula): so LOCALE_PATHS
 * win, then the app listed first. A msgid found nowhere falls back to English, whose catalogs must leave it unchanged.
 * The environments are built by beforeAll if needed (server/python-env.mjs); without Python the test fails.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import '../../../packages/mock/src/index' // every module of the mock, so every message it marks for translation is registered
import { ZH_HANS_CURRENT, ZH_HANS_DRF_JWT } from '../../../packages/mock/src/locale/zhHans'
import { CURRENT_STACK, DRF_JWT_STACK, type Catalog } from '../../../packages/mock/src/stack'
import { markedMsgids } from '../../../packages/mock/src/translation'
import { ensurePythonEnv } from '../../../server/python-env.mjs'

/** server/: manage.py, backend.settings, locale/. */
const SERVER_DIR = fileURLToPath(new URL('../../../server', import.meta.url))

interface MoCatalog {
  messages: Map<string, string>
  /** The Plural-Forms formula: TranslationCatalog merges catalogs whose plural functions compile alike. */
  plural: string
}

/** The locale folders DjangoTranslation reads, from Django itself. */
interface LocaleFolders {
  /** django/conf/locale of the environment's Django. */
  django: string
  /** <app>/locale of each INSTALLED_APP, in settings order. */
  apps: string[]
  /** settings.LOCALE_PATHS, in settings order. */
  localePaths: string[]
}

/** Asks the environment's Django, under the server's settings and this DIALECT, which folders it reads. */
const FOLDERS_OF_DJANGO = `
import json, os
import django
django.setup()
from django.apps import apps
from django.conf import settings
print(json.dumps({
    "django": os.path.join(os.path.dirname(django.__file__), "conf", "locale"),
    "apps": [os.path.join(config.path, "locale") for config in apps.get_app_configs()],
    "localePaths": [str(path) for path in settings.LOCALE_PATHS],
}))
`

function localeFolders(python: string, dialect: string): LocaleFolders {
  const result = spawnSync(python, ['-c', FOLDERS_OF_DJANGO], {
    cwd: SERVER_DIR,
    encoding: 'utf8',
    // A SECRET_KEY of its own, so that settings.py creates no key file.
    env: { ...process.env, DJANGO_SETTINGS_MODULE: 'backend.settings', DIALECT: dialect, DJANGO_SECRET_KEY: 'zh-hans-catalog-test' },
  })
  if (result.status !== 0) throw new Error(`Django (DIALECT=${dialect}) could not list its locale folders:\n${result.stderr}`)
  return JSON.parse(result.stdout) as LocaleFolders
}

/** A GNU .mo file, read as Python's gettext.GNUTranslations._parse does (a plural's key: singular NUL plural). */
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
function djangoCatalog(folders: LocaleFolders, locale: string): (msgid: string) => string | undefined {
  const merged: MoCatalog[] = []
  for (const localeDir of [folders.django, ...[...folders.apps].reverse(), ...[...folders.localePaths].reverse()]) {
    const catalog = catalogIn(localeDir, locale)
    if (!catalog) continue
    const samePlural = merged.find((existing) => existing.plural === catalog.plural)
    if (samePlural) for (const [msgid, text] of catalog.messages) samePlural.messages.set(msgid, text)
    else merged.unshift({ messages: new Map(catalog.messages), plural: catalog.plural })
  }
  return (msgid) => merged.find((catalog) => catalog.messages.has(msgid))?.messages.get(msgid)
}

/** What each stack's server translates of the msgids the mock marks. */
function expectedCatalog(folders: LocaleFolders): Record<string, string> {
  const gettext = djangoCatalog(folders, 'zh_Hans')
  return Object.fromEntries(markedMsgids().flatMap((msgid) => (gettext(msgid) ? [[msgid, gettext(msgid) as string]] : [])))
}

const STACKS = [
  { name: 'the current stack (DIALECT=pair and sliding)', env: 'server', dialect: 'pair', catalog: ZH_HANS_CURRENT, stackCatalog: CURRENT_STACK.catalogs['zh-hans'] },
  { name: 'the drf-jwt stack (DIALECT=drf-jwt)', env: 'drf-jwt', dialect: 'drf-jwt', catalog: ZH_HANS_DRF_JWT, stackCatalog: DRF_JWT_STACK.catalogs['zh-hans'] },
] as const

describe.each(STACKS)('the zh-hans catalog of $name', ({ env, dialect, catalog, stackCatalog }) => {
  let folders: LocaleFolders

  beforeAll(() => {
    folders = localeFolders(ensurePythonEnv(env), dialect)
  }, 600_000)

  it('reads Django’s, the installed apps’ and the project’s catalogs of that environment', () => {
    expect(folders.django.startsWith(join(SERVER_DIR, env === 'server' ? '.venv' : '.venv-drf-jwt'))).toBe(true)
    expect(folders.localePaths).toEqual([join(SERVER_DIR, 'locale')])
    expect(existsSync(join(SERVER_DIR, 'locale/zh_Hans/LC_MESSAGES/django.mo'))).toBe(true)
    const withCatalogs = folders.apps.filter((dir) => existsSync(join(dir, 'zh_Hans/LC_MESSAGES/django.mo')))
    // An installed package by its path in site-packages; the project's own pip app (installed from its source
    // folder by a .pth) by its path in the repository.
    const named = (dir: string) => dir.split('/site-packages/')[1] ?? relative(join(SERVER_DIR, '..'), dir)
    const sessionsApp = 'server/simplejwt-sessions/src/simplejwt_sessions/locale'
    expect(withCatalogs.map(named)).toEqual(
      env === 'server'
        ? ['django/contrib/contenttypes/locale', 'django/contrib/auth/locale', 'rest_framework/locale', 'rest_framework_simplejwt/locale', sessionsApp]
        : ['django/contrib/contenttypes/locale', 'django/contrib/auth/locale', 'rest_framework/locale', sessionsApp],
    )
  })

  it('holds, for every message the mock marks, exactly what the server says in zh-hans, and nothing else', () => {
    expect(markedMsgids().length).toBeGreaterThan(35)
    expect(catalog).toEqual(expectedCatalog(folders))
    expect(stackCatalog).toBe(catalog)
  })

  it('leaves English as the msgids (the en catalogs translate none of them differently)', () => {
    const gettext = djangoCatalog(folders, 'en')
    for (const msgid of markedMsgids()) expect([undefined, '', msgid]).toContain(gettext(msgid))
  })

  it('takes a message the first app in INSTALLED_APPS translates, not Django’s own text', () => {
    expect(readMo(join(folders.django, 'zh_Hans/LC_MESSAGES/django.mo')).messages.get('This field is required.')).toBe('这个字段是必填项。')
    expect(catalog['This field is required.']).toBe('该字段是必填项。') // rest_framework's
  })

  it('takes the project’s catalog (LOCALE_PATHS) over every app’s', () => {
    const project = readMo(join(SERVER_DIR, 'locale/zh_Hans/LC_MESSAGES/django.mo')).messages
    expect(project.size).toBeGreaterThan(1)
    for (const [msgid, text] of project) if (msgid) expect(djangoCatalog(folders, 'zh_Hans')(msgid)).toBe(text)
  })
})

describe('the two stacks’ catalogs', () => {
  it('differ where the servers do: DRF 3.18’s "Not a valid string.", simplejwt’s messages', () => {
    const only = (a: Catalog, b: Catalog) => Object.keys(a).filter((msgid) => !(msgid in b))
    expect(only(ZH_HANS_DRF_JWT, ZH_HANS_CURRENT)).toEqual([])
    expect(only(ZH_HANS_CURRENT, ZH_HANS_DRF_JWT)).toContain('Not a valid string.')
    expect(only(ZH_HANS_CURRENT, ZH_HANS_DRF_JWT)).toContain('Token is blacklisted')
  })
})
