import { createI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant/es/locale'
import vantZhCN from 'vant/es/locale/lang/zh-CN'
import { setRequestLanguage } from '@/http/language'
import type en from './locales/en.json'
import type enPages from './locales/en.pages.json'
import { readLocaleCookie, writeLocaleCookie } from './localeCookie'
import { isAppLocale, localeForLanguage, type AppLocale } from './locales'

export type { AppLocale } from './locales'
export const LOCALE_STORAGE_KEY = 'vue-jwt-drf.locale'

/** The language the user chose (localStorage, else its cookie twin), if any. */
function savedLocale(): AppLocale | null {
  try {
    const saved = localStorage.getItem(LOCALE_STORAGE_KEY)
    if (isAppLocale(saved)) return saved
  } catch {
    /* storage unavailable: the cookie may still know */
  }
  return readLocaleCookie()
}

/** zh-* browsers get Chinese, everyone else English. */
function browserLocale(): AppLocale {
  const languages = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]
  return localeForLanguage(languages[0])
}

/** A remembered choice, else the browser's language. */
export function detectLocale(): AppLocale {
  return savedLocale() ?? browserLocale()
}

/** The messages /login needs (en.json) and those of the signed-in pages (en.pages.json), loaded later. */
type MessageSchema = typeof en & typeof enPages

export const i18n = createI18n({
  legacy: false,
  locale: 'en' as AppLocale,
  fallbackLocale: 'en',
  // Filled by loadLocale(); typed with the English schema so keys are checked.
  messages: {} as Record<AppLocale, MessageSchema>,
})

/** Each language is its own chunk: a page loads only the messages it shows (both would cost /login ~3 KB gzip). */
const loaders: Record<AppLocale, () => Promise<typeof en>> = {
  en: () => import('./locales/en.json').then((m) => m.default),
  'zh-CN': () => import('./locales/zh-CN.json').then((m) => m.default),
}
const loaded = new Map<AppLocale, Promise<void>>()

/** Runs a language's `load` once per `cache`; a failed fetch is tried again next time. */
function loadOnce(cache: Map<AppLocale, Promise<void>>, locale: AppLocale, load: () => Promise<void>): Promise<void> {
  let loading = cache.get(locale)
  if (!loading) {
    loading = load()
    loading.catch(() => cache.delete(locale))
    cache.set(locale, loading)
  }
  return loading
}

/**
 * Adds one chunk of a language's messages. /login's and the signed-in pages' share no top-level key
 * (tests/unit/i18n/page-messages.test.ts), so a shallow merge is whole; mergeLocaleMessage would deep-copy every
 * message, about 5 ms of a phone's main thread in the task that hydrates /login.
 */
function addMessages(locale: AppLocale, messages: Partial<MessageSchema>): void {
  i18n.global.setLocaleMessage(locale, { ...i18n.global.getLocaleMessage(locale), ...messages } as MessageSchema)
}

/** Fetches a language's messages once. */
function loadLocale(locale: AppLocale): Promise<void> {
  return loadOnce(loaded, locale, () => loaders[locale]().then((messages) => addMessages(locale, messages)))
}

/**
 * The signed-in pages' messages, with Vant's own texts (dialog buttons, list states: no component on /login
 * shows one): a chunk per language that /login never loads (about 2.5 KB gzip).
 */
const pageLoaders: Record<AppLocale, () => Promise<[typeof enPages, [string, Record<string, unknown>]]>> = {
  en: () =>
    Promise.all([import('./locales/en.pages.json').then((m) => m.default), import('vant/es/locale/lang/en-US').then((m) => ['en-US', m.default] as [string, Record<string, unknown>])]),
  // Vant's Chinese texts are part of Vant's locale module anyway (its default language).
  'zh-CN': () => Promise.all([import('./locales/zh-CN.pages.json').then((m) => m.default), ['zh-CN', vantZhCN] as [string, Record<string, unknown>]]),
}
const pageMessagesLoaded = new Map<AppLocale, Promise<void>>()
const vantMessages = new Map<AppLocale, [string, Record<string, unknown>]>()
let pageMessagesWanted = false

/** A failed fetch is tried again by the next page. */
function loadPageMessagesOf(locale: AppLocale): Promise<void> {
  return loadOnce(pageMessagesLoaded, locale, () =>
    pageLoaders[locale]().then(([messages, vant]) => {
      addMessages(locale, messages)
      vantMessages.set(locale, vant)
      if (i18n.global.locale.value === locale) VantLocale.use(...vant)
    }),
  )
}

/** Settles once the boot language is applied (main.ts starts it alongside the first page's chunk). */
let localeStarted: Promise<void> = Promise.resolve()

/**
 * Loads the signed-in pages' messages in the language the app shows (the router awaits it with those pages'
 * chunks): after the boot language is decided, so a first page never shows the fallback language.
 */
export async function loadPageMessages(): Promise<void> {
  pageMessagesWanted = true
  await localeStarted.catch(() => undefined)
  await loadPageMessagesOf(i18n.global.locale.value as AppLocale)
}

/** Vant's own texts (dialog buttons, list states), `<html lang>` and the server's answers follow the app's locale. */
function applyLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  setRequestLanguage(locale)
  const vant = vantMessages.get(locale)
  if (vant) VantLocale.use(...vant)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

/**
 * Loads the detected language (or the given one, when pre-rendering) before the app mounts (main.ts), without
 * remembering it as a choice. A choice saved before the cookie existed is copied to it, for the server.
 */
export function startLocale(given?: AppLocale): Promise<void> {
  const saved = savedLocale()
  if (saved) writeLocaleCookie(saved)
  const locale = given ?? saved ?? browserLocale()
  localeStarted = loadLocale(locale).then(() => applyLocale(locale))
  return localeStarted
}

/** Switches the language everywhere and remembers the choice for the next visit. */
export async function setLocale(locale: AppLocale): Promise<void> {
  await Promise.all([loadLocale(locale), pageMessagesWanted ? loadPageMessagesOf(locale) : undefined])
  applyLocale(locale)
  writeLocaleCookie(locale)
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    /* storage unavailable: the cookie keeps the choice */
  }
}
