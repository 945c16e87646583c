import { createI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant/es/locale'
// Vant's Chinese texts are part of Vant's locale module anyway (its default language).
import vantZhCN from 'vant/es/locale/lang/zh-CN'
import type en from './locales/en.json'
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

/** zh-* browsers get Chinese, everyone else English; a remembered choice wins. */
export function detectLocale(): AppLocale {
  const saved = savedLocale()
  if (saved) return saved
  const languages = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]
  return localeForLanguage(languages[0])
}

type MessageSchema = typeof en

export const i18n = createI18n({
  legacy: false,
  locale: 'en' as AppLocale,
  fallbackLocale: 'en',
  // Filled by loadLocale(); typed with the English schema so keys are checked.
  messages: {} as Record<AppLocale, MessageSchema>,
})

/** Each language is its own chunk: a page loads only the messages it shows (both would cost /login ~3 KB gzip). */
const loaders: Record<AppLocale, () => Promise<[MessageSchema, { default: Record<string, unknown> }, string]>> = {
  en: () => Promise.all([import('./locales/en.json').then((m) => m.default), import('vant/es/locale/lang/en-US'), 'en-US']),
  'zh-CN': () => Promise.all([import('./locales/zh-CN.json').then((m) => m.default), { default: vantZhCN }, 'zh-CN']),
}
const vantMessages = new Map<AppLocale, [string, Record<string, unknown>]>()

/** Fetches a language's messages (the app's and Vant's) once. */
async function loadLocale(locale: AppLocale): Promise<void> {
  if (vantMessages.has(locale)) return
  const [messages, vant, vantName] = await loaders[locale]()
  i18n.global.setLocaleMessage(locale, messages)
  vantMessages.set(locale, [vantName, vant.default])
}

/** Vant's own texts (dialog buttons, list states) and `<html lang>` follow the app's locale. */
function applyLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  const vant = vantMessages.get(locale)
  if (vant) VantLocale.use(...vant)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

/**
 * Loads the detected language (or the given one, when pre-rendering) before the app mounts (main.ts), without
 * remembering it as a choice. A choice saved before the cookie existed is copied to it, for the server.
 */
export async function startLocale(locale: AppLocale = detectLocale()): Promise<void> {
  const saved = savedLocale()
  if (saved) writeLocaleCookie(saved)
  await loadLocale(locale)
  applyLocale(locale)
}

/** Switches the language everywhere and remembers the choice for the next visit. */
export async function setLocale(locale: AppLocale): Promise<void> {
  await loadLocale(locale)
  applyLocale(locale)
  writeLocaleCookie(locale)
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    /* storage unavailable: the cookie keeps the choice */
  }
}
