// src/main.ts, as in @django-jwt/vue's quick start, with @django-jwt/mock's browser worker in front (its quick start).
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { createRouter, createWebHistory } from 'vue-router'
import { installSessionInterceptors } from '@django-jwt/axios'
import { installSessionNavigation } from '@django-jwt/vue'
import { api, browserSession } from './auth'
import App from './App.vue'

// A Django server in the page: the mock behind MSW's service worker (public/mockServiceWorker.js, `npx msw init public`).
// This app is built with VITE_MOCK=true; without it the mock and MSW are left out of the build.
if (import.meta.env.VITE_MOCK === 'true') {
  const { startMockWorker } = await import('@django-jwt/mock')
  await startMockWorker(`${import.meta.env.BASE_URL}mockServiceWorker.js`, {
    dialect: 'simplejwt',
    accessSeconds: Number(import.meta.env.VITE_MOCK_ACCESS_SECONDS ?? 300),
  })
}

const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./LoginPage.vue') },
    { path: '/', name: 'home', component: () => import('./HomePage.vue'), meta: { requiresAuth: true } },
  ],
})
const navigation = installSessionNavigation(router, browserSession, { login: 'login', home: { name: 'home' } })
installSessionInterceptors(api, {
  session: browserSession.session,
  clock: browserSession.clock,
  headerPrefix: browserSession.dialect.headerPrefix,
  forbiddenMeans: 'session-expired',
  onLoginRequired: navigation.requireLogin,
})
createApp(App).use(createPinia()).use(router).mount('#app')
