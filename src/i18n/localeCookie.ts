import { LOCALE_COOKIE, localeInCookies, type AppLocale } from './locales'

/** A year: the choice outlives the session, like its localStorage twin. */
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60

/** The language saved in the cookie, if any. */
export function readLocaleCookie(): AppLocale | null {
  return typeof document === 'undefined' ? null : localeInCookies(document.cookie)
}

/** Tells the server which language to send next time (see deploy/prerender/pages.ts). */
export function writeLocaleCookie(locale: AppLocale): void {
  if (typeof document === 'undefined' || readLocaleCookie() === locale) return
  document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${MAX_AGE_SECONDS}; SameSite=Lax`
}
