/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { rm } from 'node:fs/promises'
import { resolve } from 'node:path'
import { defineConfig, loadEnv, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'

/** The Content-Security-Policy the production build runs under (README repeats it for servers). */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** A build without the mock must not ship the mock's service worker either. */
function dropMockWorker(enabled: boolean): Plugin {
  let outDir = 'dist'
  return {
    name: 'drop-mock-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    async writeBundle() {
      if (!enabled) await rm(resolve(outDir, 'mockServiceWorker.js'), { force: true })
    },
  }
}

export default defineConfig(({ command, mode }) => {
  const env = { ...loadEnv(mode, process.cwd(), ''), ...process.env }
  const proxyTarget = env.API_PROXY_TARGET || ''
  // The mock is on for `vite` dev unless a real backend is proxied; off in builds unless asked for.
  const apiMock = env.VITE_API_MOCK
    ? env.VITE_API_MOCK === 'true'
    : command === 'serve' && mode !== 'test' && !proxyTarget
  const proxy = proxyTarget
    ? { '/api': { target: proxyTarget, changeOrigin: false, xfwd: true } }
    : undefined

  return {
    plugins: [
      vue(),
      Components({ resolvers: [VantResolver()], dts: false }),
      VueI18nPlugin({
        include: [fileURLToPath(new URL('./src/i18n/locales/**', import.meta.url))],
        runtimeOnly: true,
        compositionOnly: true,
        fullInstall: false,
      }),
      dropMockWorker(apiMock),
    ],
    resolve: {
      alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
    },
    define: {
      'import.meta.env.VITE_API_MOCK': JSON.stringify(String(apiMock)),
    },
    server: { proxy },
    preview: {
      proxy,
      headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
    },
    build: {
      target: 'es2022',
      outDir: apiMock ? 'dist-demo' : 'dist',
      emptyOutDir: true,
    },
    test: {
      environment: 'happy-dom',
      include: ['tests/unit/**/*.test.ts', 'tests/components/**/*.test.ts'],
      setupFiles: ['tests/setup.ts'],
      server: { deps: { inline: ['vant'] } },
      restoreMocks: true,
    },
  }
})
