import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { loadHttp } from './http/client'
import { i18n, startLocale } from './i18n'
import { installSession } from './plugins/session'
import { router } from './router'
import { installPageTitles } from './router/titles'

/** Runs `task` once the page has loaded and the browser is idle: after the first paint, not against it. */
function afterFirstPaint(task: () => void): void {
  const whenIdle = () => (globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 200)))(task)
  if (document.readyState === 'complete') whenIdle()
  else window.addEventListener('load', whenIdle, { once: true })
}

async function boot(): Promise<void> {
  // The mock backend is only in dev and demo builds. The test is spelled out on import.meta.env
  // (not config.apiMock) so the bundler folds it and emits no mock chunk in production builds.
  if (import.meta.env.VITE_API_MOCK === 'true') {
    const { startMockWorker } = await import('./mocks/browser')
    await startMockWorker()
  }
  const language = startLocale()
  installSession(router, (key, params) => i18n.global.t(key, params))
  const app = createApp(App)
  app.use(createPinia())
  app.use(i18n)
  app.use(router) // starts the first navigation: the page's chunk loads while the messages do
  await Promise.all([language, router.isReady()])
  installPageTitles(router, i18n)
  app.mount('#app')
  // The HTTP layer (axios) is not needed to show a page; fetch it while the user reads or types.
  afterFirstPaint(() => void loadHttp())
}

void boot()
