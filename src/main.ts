import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { i18n } from './i18n'
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
  installSession(router, (key, params) => i18n.global.t(key, params))
  installPageTitles(router, i18n)
  const app = createApp(App)
  app.use(createPinia())
  app.use(i18n)
  app.use(router)
  app.mount('#app')
}

void boot()
