import { createApp, createSSRApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { loadHttp } from './http/client'
import { i18n, startLocale } from './i18n'
import { installAuth } from './plugins/auth'
import { canHydrate, mountOver } from './prerendered'
import { router } from './router'
import { installPageTitles } from './router/titles'
import { useAuthStore } from './stores/auth'

/** Runs `task` once the page has loaded and the browser is idle: after the first paint, not against it. */
function afterFirstPaint(task: () => void): void {
  const whenIdle = () => (globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 200)))(task)
  if (document.readyState === 'complete') whenIdle()
  else window.addEventListener('load', whenIdle, { once: true })
}

/** Ends the current task: what follows runs in a task of its own, with input and rendering let in between. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve))
}

// Booting is a series of short tasks, not one long one, so a slow phone stays responsive while the app takes over
// the pre-rendered page (each step below was 20-40 ms of a 4x slowed CPU when they ran together).
async function boot(): Promise<void> {
  // The mock backend is only in dev and demo builds. The test is spelled out on import.meta.env
  // (not config.apiMock) so the bundler folds it and emits no mock chunk in production builds.
  if (import.meta.env.VITE_API_MOCK === 'true') {
    const { startMockBackend } = await import('./mock-backend')
    await startMockBackend()
  }
  // Evaluating the app's modules was one task; the boot's own work starts in the next.
  await nextTask()
  const language = startLocale()
  installAuth(router, (key, params) => i18n.global.t(key, params))
  // The first navigation runs before the app exists (the page's chunk loads while the messages do): the page
  // it lands on, after the guard, decides whether the server's HTML in #app can be hydrated.
  const firstPage = router.push(router.options.history.location).catch(() => undefined)
  await Promise.all([language, firstPage])
  // Evaluating the page's chunks and hydrating are two tasks, not one long one.
  await nextTask()
  const container = document.querySelector('#app')
  if (!container) throw new Error('index.html has no #app')
  const hydrate = canHydrate(container, router.currentRoute.value.name, i18n.global.locale.value)
  const app = hydrate ? createSSRApp(App) : createApp(App)
  const pinia = createPinia()
  app.use(pinia)
  app.use(i18n)
  app.use(router)
  // The session's store (which every page reads) is made here, so the task that hydrates only hydrates.
  useAuthStore(pinia)
  await nextTask()
  const hydrated = mountOver(app, container, hydrate)
  // The title is right already on a pre-rendered page; it follows navigations and language changes from here on.
  await nextTask()
  installPageTitles(router, i18n)
  await hydrated
  // The HTTP layer (axios) is not needed to show a page; fetch it while the user reads or types.
  afterFirstPaint(() => void loadHttp())
}

void boot()
