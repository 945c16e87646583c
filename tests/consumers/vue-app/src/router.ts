import { createRouter, createWebHistory } from 'vue-router'
import { installSessionNavigation } from '@django-jwt/vue'
import { installSessionInterceptors } from '@django-jwt/axios'
import { api, browserSession } from './session'
import LoginPage from './pages/LoginPage.vue'
import AccountPage from './pages/AccountPage.vue'
import NotFoundPage from './pages/NotFoundPage.vue'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/account' },
    { path: '/login', name: 'login', component: LoginPage },
    { path: '/account', name: 'account', component: AccountPage, meta: { requiresAuth: true } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundPage },
  ],
})

// The guard (meta.requiresAuth → /login?redirect=…), and the router following the session: logout, expiry.
const navigation = installSessionNavigation(router, browserSession)

// The token on every request to /api, one silent refresh for any number of 401s.
installSessionInterceptors(api, {
  session: browserSession.session,
  clock: browserSession.clock,
  headerPrefix: browserSession.dialect.headerPrefix,
  onLoginRequired: navigation.requireLogin,
})
