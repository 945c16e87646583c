/**
 * What the build (deploy/prerender/) writes into a pre-rendered page and the app reads back. No DOM here: the
 * build's Node code imports it too.
 */
import type { AppLocale } from './i18n/locales'

/**
 * A <template> of <link rel="modulepreload">s: the app's entry (data-app-entry) and the chunks the page needs,
 * which paint-first.ts (where this id is repeated, to keep that file free of imports) starts after the first paint.
 */
export const AFTER_FIRST_PAINT_TEMPLATE_ID = 'after-first-paint'
/** On #app: the route a pre-rendered page shows, and its language. */
export const PAGE_ATTRIBUTE = 'data-prerendered'
export const LOCALE_ATTRIBUTE = 'data-prerendered-locale'

/** The attributes the build puts on #app around a pre-rendered page. */
export function prerenderedMarks(routeName: string, locale: AppLocale): string {
  return `${PAGE_ATTRIBUTE}="${routeName}" ${LOCALE_ATTRIBUTE}="${locale}"`
}

/** What src/entry-prerender.ts renders for one page in one language. */
export interface RenderedPage {
  /** The route the path resolved to. */
  routeName: string
  /** <div id="app" …>…</div>, marked with the route and the language for main.ts. */
  appHtml: string
  /** document.title, as installPageTitles would set it. */
  title: string
  /** The app's source modules (root-relative paths, e.g. src/views/LoginPage.vue) the page rendered. */
  modules: string[]
}
