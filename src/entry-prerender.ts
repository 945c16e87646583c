/**
 * The build's server entry (deploy/prerender/vite-plugin.ts): renders one page of the app, in one language, to the
 * HTML the browser hydrates. The build imports a fresh copy of this bundle for every page, so no state (Vant's
 * id counter, the i18n instance, Pinia) leaks from one page into the next.
 */
import { createSSRApp } from 'vue'
import { renderToString, type SSRContext } from 'vue/server-renderer'
import { createPinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import App from './App.vue'
import { i18n, startLocale } from './i18n'
import type { AppLocale } from './i18n/locales'
import { prerenderedMarks, type RenderedPage } from './prerendered-marks'
import { routes } from './router/routes'
import { pageTitle } from './router/titles'

export async function render(path: string, locale: AppLocale): Promise<RenderedPage> {
  await startLocale(locale)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  const route = router.currentRoute.value
  if (typeof route.name !== 'string') throw new Error(`prerender: ${path} resolved to a route without a name`)
  const app = createSSRApp(App)
  app.use(createPinia())
  app.use(i18n)
  app.use(router)
  const context: SSRContext = {}
  const html = await renderToString(app, context)
  return {
    routeName: route.name,
    appHtml: `<div id="app" ${prerenderedMarks(route.name, locale)}>${html}</div>`,
    title: pageTitle(route.meta.titleKey, i18n.global.t),
    modules: [...((context.modules as Set<string> | undefined) ?? [])],
  }
}
