import { LOCALE_COOKIE, isAppLocale, type AppLocale } from './locales'

/** A year: the choice outlives the session, like its localStorage twin. */
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60

/** The language saved in the cookie, if any. */
export function readLocaleCookie(): AppLocale | null {
  if (typeof document === 'undefined') return null
  const pair = document.cookie.split('; ').find((entry) => entry.startsWith(`${LOCALE_COOKIE}=`))
  const value = pair?.slice(LOCALE_COOKIE.length + 1)
  return isAppLocale(value) ? value : null
}

/** Tells the server which language to send next time (see deploy/prerender/pages.ts). */
export function writeLocaleCookie(locale: AppLocale): void {
  if (typeof document === 'undefined' || readLocaleCookie() === locale) return
  document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${MAX_AGE_SECONDS}; SameSite=Lax`
}
