import { watch } from 'vue'
import type { Router } from 'vue-router'
import type { i18n as appI18n } from '@/i18n'

/** "Orders · 订单"-style title: the page's name (meta.titleKey), then the app's. Pre-rendered pages use it too. */
export function pageTitle(titleKey: string | undefined, t: (key: string) => string): string {
  const app = t('app.title')
  const page = titleKey ? t(titleKey) : ''
  return page && page !== app ? `${page} · ${app}` : app
}

/** The document's title follows every navigation and language change. */
export function installPageTitles(router: Router, i18n: typeof appI18n): void {
  const { t, locale } = i18n.global
  const update = (): void => {
    document.title = pageTitle(router.currentRoute.value.meta.titleKey, t)
  }
  router.afterEach(update)
  watch(locale, update)
  update()
}
