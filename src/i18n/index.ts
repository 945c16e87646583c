import { createI18n } from 'vue-i18n'
import en from './locales/en.json'
import zhCN from './locales/zh-CN.json'

export type AppLocale = 'zh-CN' | 'en'
export const LOCALE_STORAGE_KEY = 'vue-jwt-drf.locale'

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
