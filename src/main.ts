import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { loadHttp } from './http/client'
import { i18n, startLocale } from './i18n'
import { installSession } from './plugins/session'
import { router } from './router'
import { installPageTitles } from './router/titles'

async function boot(): Promise<void> {
  // The mock backend is only in dev and demo builds. The test is spelled out on import.meta.env
  // (not config.apiMock) so the bundler folds it and emits no mock chunk in production builds.
  if (import.meta.env.VITE_API_MOCK === 'true') {
    const { startMockWorker } = await import('./mocks/browser')
    await startMockWorker()
  }
  await startLocale()
  installSession(router, (key, params) => i18n.global.t(key, params))
  installPageTitles(router, i18n)
  const app = createApp(App)
  app.use(createPinia())
  app.use(i18n)
  app.use(router)
  app.mount('#app')
  // The first page is up: fetch the HTTP layer (axios) while the user reads or types.
  const whenIdle = globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 200))
  whenIdle(() => void loadHttp())
}

void boot()
