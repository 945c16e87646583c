import type { RouteComponent, RouteRecordRaw } from 'vue-router'
import { loadPageMessages } from '@/i18n'

declare module 'vue-router' {
  interface RouteMeta {
    /** Pages that need a session: the guard sends everyone else to /login?redirect=… */
    requiresAuth?: boolean
    /** i18n key of the page title. */
    titleKey?: string
  }
}

export const HOME_ROUTE = { name: 'orders' } as const
export const LOGIN_ROUTE_NAME = 'login'

/** A signed-in page's chunk together with the messages of the signed-in pages, which /login never loads. */
function signedInPage(load: () => Promise<{ default: RouteComponent }>): () => Promise<RouteComponent> {
  return () => Promise.all([load(), loadPageMessages()]).then(([page]) => page.default)
}

/** Every page is its own lazy chunk: the login page loads none of the others. */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: HOME_ROUTE },
  {
    path: '/login',
    name: LOGIN_ROUTE_NAME,
    component: () => import('@/views/LoginPage.vue'),
    meta: { titleKey: 'titles.login' },
  },
  {
    path: '/orders',
    name: 'orders',
    component: signedInPage(() => import('@/views/OrderListPage.vue')),
    meta: { requiresAuth: true, titleKey: 'titles.orders' },
  },
  {
    path: '/orders/new',
    name: 'order-create',
    component: signedInPage(() => import('@/views/OrderFormPage.vue')),
    meta: { requiresAuth: true, titleKey: 'titles.orderCreate' },
  },
  {
    path: '/orders/:id(\\d+)',
    name: 'order-detail',
    component: signedInPage(() => import('@/views/OrderDetailPage.vue')),
    props: true,
    meta: { requiresAuth: true, titleKey: 'titles.orderDetail' },
  },
  {
    path: '/orders/:id(\\d+)/edit',
    name: 'order-edit',
    component: signedInPage(() => import('@/views/OrderFormPage.vue')),
    props: true,
    meta: { requiresAuth: true, titleKey: 'titles.orderEdit' },
  },
  {
    path: '/session',
    name: 'session',
    component: signedInPage(() => import('@/views/SessionPage.vue')),
    meta: { requiresAuth: true, titleKey: 'titles.session' },
  },
  {
    path: '/session/password',
    name: 'password-change',
    component: signedInPage(() => import('@/views/PasswordChangePage.vue')),
    meta: { requiresAuth: true, titleKey: 'titles.passwordChange' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/NotFoundPage.vue'),
    meta: { titleKey: 'titles.notFound' },
  },
]
