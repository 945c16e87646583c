/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, relative, resolve } from 'node:path'
import { defineConfig, loadEnv, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'
import { contentSecurityPolicy } from './deploy/csp.mjs'
import { paintFirst } from './deploy/prerender/paint-first.ts'
import { prerenderPages } from './deploy/prerender/vite-plugin.ts'
import { serveLocalePages } from './deploy/prerender/preview.ts'

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

/**
 * Vant's icon CSS inlines its woff2 as ~34 KB of base64 (paid by every page that shows a Field, a Toast…)
 * and falls back to a CDN font the CSP forbids. Emit the font as its own hashed file instead, fetched only
 * when a glyph is drawn, and drop the CDN fallback.
 */
function vantIconFontAsFile(): Plugin {
  const fontFile = fileURLToPath(new URL('./node_modules/.cache/vant-icon/vant-icon.woff2', import.meta.url))
  const inlineFont = /url\(data:font\/woff2;[^,]*base64,([A-Za-z0-9+/=]+)\)\s*format\((["'])woff2\2\)/
  const cdnFallbacks = /,\s*url\((["']?)(?:https?:)?\/\/at\.alicdn\.com\/[^)]*\)\s*format\([^)]*\)/g
  return {
    name: 'vant-icon-font-as-file',
    enforce: 'pre',
    async transform(code, id) {
      if (!/\/vant\/(es|lib)\/icon\/index\.css$/.test(id)) return null
      const match = inlineFont.exec(code)
      if (!match) throw new Error(`vant-icon-font-as-file: no inline woff2 in ${id} (did Vant change its icon CSS?)`)
      await mkdir(dirname(fontFile), { recursive: true })
      await writeFile(fontFile, Buffer.from(match[1], 'base64'))
      const url = relative(dirname(id), fontFile).split('\\').join('/')
      return { code: code.replace(match[0], `url("${url}") format("woff2")`).replace(cdnFallbacks, ''), map: null }
    },
  }
}

/**
 * Vant's Button and Field styles import the icon CSS (~2 KB gzip: a class per glyph) and the badge CSS an icon
 * may carry (~0.5 KB), which /login would pay for without drawing a single icon: those two draw one only for
 * the `icon`, `left-icon`, `right-icon`, `clearable` and `is-link` props, which this app never sets on them
 * (tests/unit/vant-icons.test.ts checks). Every component that does draw icons (Icon, TabbarItem, Cell, Toast,
 * Dialog, …) still imports both.
 */
function vantButtonAndFieldWithoutIconCss(): Plugin {
  const iconCss = /^import "\.\.\/\.\.\/(icon|badge)\/index\.css";\n/gm
  return {
    name: 'vant-button-and-field-without-icon-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/vant\/es\/(button|field)\/style\/index\.mjs$/.test(id)) return null
      const stripped = code.replace(iconCss, '')
      if (code.length - stripped.length !== 'import "../../icon/index.css";\nimport "../../badge/index.css";\n'.length) {
        throw new Error(`vant-button-and-field-without-icon-css: no icon and badge CSS imports in ${id} (did Vant change?)`)
      }
      return { code: stripped, map: null }
    },
  }
}

/**
 * Vue declares defineComponent free of side effects, but the bundler only sees that mark on direct calls it
 * can trace; Vant's compiled components call it at module level, so an unused one stays in the bundle (e.g.
 * ConfigProvider, whose module Icon imports for a key: ~0.5 KB gzip of /login). Mark those calls pure.
 */
function vantComponentsPure(): Plugin {
  return {
    name: 'vant-components-pure',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/vant\/es\/[^/]+\/[A-Z][^/]*\.mjs$/.test(id)) return null
      const marked = code.replace(/^var stdin_default = defineComponent\(/m, 'var stdin_default = /* @__PURE__ */ defineComponent(')
      return marked === code ? null : { code: marked, map: null }
    },
  }
}

/**
 * axios bundles two browser adapters and uses the first that works: XMLHttpRequest, which every browser has.
 * Its fetch adapter (~4 KB gzip of /login) is dead weight there, so builds replace it with one that reports
 * "not supported by the environment". Don't set `adapter: 'fetch'` on the client (it would throw).
 */
function axiosWithoutFetchAdapter(): Plugin {
  const stubId = '\0axios-fetch-adapter-stub'
  return {
    name: 'axios-without-fetch-adapter',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './fetch.js' && importer && /[\\/]axios[\\/]lib[\\/]adapters[\\/]adapters\.js$/.test(importer)) return stubId
      return null
    },
    load(id) {
      return id === stubId ? 'export const getFetch = () => false\nexport default false\n' : null
    },
  }
}

/** Every Vant component's style entry, as unplugin-vue-components imports them (`vant/es/button/style/index`). */
function vantStyleEntries(): string[] {
  const vantEs = fileURLToPath(new URL('./node_modules/vant/es/', import.meta.url))
  if (!existsSync(vantEs)) return []
  return readdirSync(vantEs)
    .filter((name) => existsSync(resolve(vantEs, name, 'style/index.mjs')))
    .map((name) => `vant/es/${name}/style/index`)
}

export default defineConfig(({ command, mode, isPreview }) => {
  const env = { ...loadEnv(mode, process.cwd(), ''), ...process.env }
  const proxyTarget = env.API_PROXY_TARGET || ''
  // The mock is on for `vite` dev unless a real backend is proxied; off in builds (and so `vite preview` serves dist/) unless asked for.
  const apiMock = env.VITE_API_MOCK
    ? env.VITE_API_MOCK === 'true'
    : command === 'serve' && !isPreview && mode !== 'test' && !proxyTarget
  // One server dialect per build: the constant lets the bundler drop the others (src/auth/dialects/configured.ts).
  const authDialect = env.VITE_AUTH_DIALECT || 'simplejwt'
  // Where the refresh token travels (simplejwt pairs): 'body' (the answers, kept in Web Storage) or 'cookie' (httpOnly).
  const refreshTransport = env.VITE_REFRESH_TRANSPORT === 'cookie' ? 'cookie' : 'body'
  const proxy = proxyTarget
    ? { '/api': { target: proxyTarget, changeOrigin: false, xfwd: true } }
    : undefined

  return {
    plugins: [
      // The demo build (which the browser tests run) names any hydration mismatch in the console.
      vue({ features: { optionsAPI: false, prodHydrationMismatchDetails: apiMock } }),
      vantIconFontAsFile(),
      vantButtonAndFieldWithoutIconCss(),
      vantComponentsPure(),
      axiosWithoutFetchAdapter(),
      Components({ resolvers: [VantResolver()], dts: false }),
      VueI18nPlugin({
        include: [fileURLToPath(new URL('./src/i18n/locales/**', import.meta.url))],
        runtimeOnly: true,
        compositionOnly: true,
        fullInstall: false,
        // Messages are precompiled to functions, so the runtime needs no message compiler.
        dropMessageCompiler: true,
      }),
      dropMockWorker(apiMock),
      paintFirst({ loader: 'src/paint-first.ts' }),
      prerenderPages({ entry: 'src/entry-prerender.ts' }),
      serveLocalePages(),
    ],
    resolve: {
      alias: [
        { find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
        // The app and its tests use the workspace's packages from their sources (strangers get their dist/).
        { find: /^@django-jwt\/(session|axios|vue|mock)$/, replacement: fileURLToPath(new URL('./packages/$1/src/index.ts', import.meta.url)) },
        // Tests only (never src/): a package's internal module, e.g. @packages/session/lock.
        { find: /^@packages\/(session|axios|vue|mock)\/(.*)$/, replacement: fileURLToPath(new URL('./packages/$1/src/$2', import.meta.url)) },
      ],
    },
    define: {
      'import.meta.env.VITE_API_MOCK': JSON.stringify(String(apiMock)),
      'import.meta.env.VITE_AUTH_DIALECT': JSON.stringify(authDialect),
      'import.meta.env.VITE_REFRESH_TRANSPORT': JSON.stringify(refreshTransport),
    },
    // Pre-bundle what the dependency scan cannot see (Vant styles injected by auto-import, the lazy mock worker),
    // so the first dev load is not interrupted by an "optimized dependencies changed" reload.
    optimizeDeps: {
      include: ['vue', 'vue-router', 'pinia', 'axios', 'vue-i18n', 'vant/es', ...vantStyleEntries(), 'msw/browser', 'jose'],
    },
    server: { proxy },
    preview: {
      proxy,
      headers: { 'Content-Security-Policy': contentSecurityPolicy() },
    },
    build: {
      target: 'es2022',
      // Every browser the es2022 target runs in supports <link rel=modulepreload>: no polyfill on /login.
      modulePreload: { polyfill: false },
      outDir: apiMock ? 'dist-demo' : 'dist',
      emptyOutDir: true,
      rolldownOptions: {
        output: {
          // The framework every page needs in one file: fewer requests, and gzip shares one dictionary. With it, the
          // tiny modules /login shares with the lazy pages, each else a chunk of its own: Vant's helpers for ids,
          // expose, scope ids and links (Button, Field), @vant/use, and the request-language holder (-0.8 KB gzip).
          codeSplitting: {
            groups: [
              {
                name: 'framework',
                test: /\/node_modules\/(vue|@vue|vue-router|pinia|vue-i18n|@intlify|@vant\/use)\/|\/vant\/es\/composables\/use-(id|expose|scope-id|route)\.mjs$|\/src\/http\/language\.ts$/,
              },
            ],
          },
        },
      },
    },
    test: {
      server: { deps: { inline: ['vant'] } },
      restoreMocks: true,
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'happy-dom',
            include: ['tests/unit/**/*.test.ts', 'tests/components/**/*.test.ts'],
            setupFiles: ['tests/setup.ts'],
          },
        },
        {
          // The same cases against the mock and the project's Django server (started by the run).
          extends: true,
          test: {
            name: 'differential',
            environment: 'node',
            include: ['tests/differential/**/*.test.ts'],
            globalSetup: ['tests/differential/global-setup.ts'],
            testTimeout: 30_000,
          },
        },
      ],
    },
  }
})
