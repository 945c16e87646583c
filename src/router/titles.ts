import { watch } from 'vue'
import type { Router } from 'vue-router'
import type { i18n as appI18n } from '@/i18n'

/** "Orders · 订单"-style titles: the page's name, then the app's; redone on every navigation and language change. */
export function installPageTitles(router: Router, i18n: typeof appI18n): void {
  const { t, locale } = i18n.global
  const update = (): void => {
    const key = router.currentRoute.value.meta.titleKey
    const app = t('app.title')
    const page = key ? t(key) : ''
    document.title = page && page !== app ? `${page} · ${app}` : app
  }
  router.afterEach(update)
  watch(locale, update)
  update()
}
