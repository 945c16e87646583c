/**
 * Which HTML file a server sends for which request: the layout of the pre-rendered pages in dist/ and the
 * rule that picks their language. `vite preview` (preview.ts) applies it; deploy/nginx.conf mirrors it.
 *
 *   dist/index.html          the app's frame, no text: every page that needs the session (client-rendered)
 *   dist/en/login.html       /login, English           dist/zh-CN/login.html   /login, Chinese
 *   dist/en/404.html         any path that is no page  dist/zh-CN/404.html     (sent with status 404)
 */
import { APP_LOCALES, localeForLanguage, localeInCookies, type AppLocale } from '../../src/i18n/locales.ts'

export interface PrerenderedPage {
  /** The route the page is (src/router/routes.ts). */
  routeName: string
  /** A path the router resolves to it, rendered at build time. */
  renderPath: string
  /** The file, under dist/<locale>/. */
  file: string
}

const LOGIN_PAGE: PrerenderedPage = { routeName: 'login', renderPath: '/login', file: 'login.html' }
const NOT_FOUND_PAGE: PrerenderedPage = { routeName: 'not-found', renderPath: '/404', file: '404.html' }
export const PRERENDERED_PAGES: readonly PrerenderedPage[] = [LOGIN_PAGE, NOT_FOUND_PAGE]

export { APP_LOCALES }

/** /login (and /login/): case-insensitive, like the router. */
export const LOGIN_PATH = /^\/login\/?$/i
/**
 * Every other path the app's router knows (its pages that need the session, and / which redirects): these get
 * dist/index.html. Anything else is no page: the not-found page. tests/unit/prerender-pages.test.ts checks
 * this against the router's own routes.
 */
export const CLIENT_RENDERED_PATH = /^\/(?:orders(?:\/new|\/\d+(?:\/edit)?)?|session(?:\/password)?)?\/?$/i

/** The file (relative to dist/) for a page in a language. */
export function pageFile(page: PrerenderedPage, locale: AppLocale): string {
  return `${locale}/${page.file}`
}

/**
 * The language of the page a server sends: the saved choice (the cookie the app writes whenever the language
 * is chosen), else the first language of Accept-Language (zh-* is Chinese, anything else English), exactly as
 * the app decides in the browser (src/i18n/index.ts).
 */
export function chooseLocale(cookieHeader: string | undefined, acceptLanguage: string | undefined): AppLocale {
  return localeInCookies(cookieHeader) ?? localeForLanguage(acceptLanguage?.split(',')[0]?.split(';')[0])
}

export type PageChoice = { kind: 'prerendered'; file: string; status: 200 | 404 } | { kind: 'app-frame' }

/** What to send for a page request (a path without a file extension) in a language. */
export function choosePage(pathname: string, locale: AppLocale): PageChoice {
  if (LOGIN_PATH.test(pathname)) return { kind: 'prerendered', file: pageFile(LOGIN_PAGE, locale), status: 200 }
  if (CLIENT_RENDERED_PATH.test(pathname)) return { kind: 'app-frame' }
  return { kind: 'prerendered', file: pageFile(NOT_FOUND_PAGE, locale), status: 404 }
}
