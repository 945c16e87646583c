/**
 * The app's languages and how one is chosen, free of the DOM: the browser (i18n/index.ts), the build's
 * pre-rendering and the servers (deploy/prerender/) all decide the same way.
 */
export type AppLocale = 'zh-CN' | 'en'
export const APP_LOCALES: readonly AppLocale[] = ['en', 'zh-CN']
/** What a browser that says nothing about its languages gets. */
export const DEFAULT_LOCALE: AppLocale = 'en'
/**
 * The saved choice, as a cookie a server can read (localStorage is invisible to it) to send the page in that
 * language from the first byte. Underscores only: nginx reads it as `$cookie_vue_jwt_drf_locale`.
 */
export const LOCALE_COOKIE = 'vue_jwt_drf_locale'

export function isAppLocale(value: unknown): value is AppLocale {
  return value === 'zh-CN' || value === 'en'
}

/** zh-* gets Chinese, everything else English: applied to the browser's first language (or Accept-Language's). */
export function localeForLanguage(language: string | undefined): AppLocale {
  return language?.trim().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

/** The saved choice in a Cookie header (or document.cookie), if it names one of the app's languages. */
export function localeInCookies(cookies: string | undefined): AppLocale | null {
  const value = cookies
    ?.split(';')
    .map((pair) => pair.trim())
    .find((pair) => pair.startsWith(`${LOCALE_COOKIE}=`))
    ?.slice(LOCALE_COOKIE.length + 1)
  return isAppLocale(value) ? value : null
}
