import { createI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant/es/locale'
import vantEnUS from 'vant/es/locale/lang/en-US'
import vantZhCN from 'vant/es/locale/lang/zh-CN'
import en from './locales/en.json'
import zhCN from './locales/zh-CN.json'

export type AppLocale = 'zh-CN' | 'en'
export const LOCALE_STORAGE_KEY = 'vue-jwt-drf.locale'
export const APP_LOCALES: readonly AppLocale[] = ['zh-CN', 'en']

/** zh-* browsers get Chinese, everyone else English; a remembered choice wins. */
export function detectLocale(): AppLocale {
  try {
    const saved = localStorage.getItem(LOCALE_STORAGE_KEY)
    if (saved === 'zh-CN' || saved === 'en') return saved
  } catch {
    /* storage unavailable: fall back to the browser */
  }
  const languages = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]
  return languages[0]?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

export const i18n = createI18n({
  legacy: false,
  locale: detectLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
})

/** Vant's own texts (dialog buttons, list states) and `<html lang>` follow the app's locale. */
function applyLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  if (locale === 'en') VantLocale.use('en-US', vantEnUS)
  else VantLocale.use('zh-CN', vantZhCN)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

/** Switches the language everywhere and remembers the choice for the next visit. */
export function setLocale(locale: AppLocale): void {
  applyLocale(locale)
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    /* storage unavailable: the choice lasts for this page only */
  }
}

/** The locale in use, narrowed to the ones the app ships. */
export function currentLocale(): AppLocale {
  return i18n.global.locale.value === 'zh-CN' ? 'zh-CN' : 'en'
}

applyLocale(i18n.global.locale.value === 'zh-CN' ? 'zh-CN' : 'en')
