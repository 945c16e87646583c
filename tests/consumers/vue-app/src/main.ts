import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'

async function main(): Promise<void> {
  if (import.meta.env.VITE_MOCK === 'true') {
    // A Django server in the page: @django-jwt/mock behind MSW's service worker (npx msw init public).
    const { startMockWorker } = await import('@django-jwt/mock')
    await startMockWorker(`${import.meta.env.BASE_URL}mockServiceWorker.js`, {
      dialect: 'simplejwt',
      accessSeconds: Number(import.meta.env.VITE_MOCK_ACCESS_SECONDS ?? 300),
    })
  }
  createApp(App).use(createPinia()).use(router).mount('#app')
}

void main()
