/**
 * Pre-renders /login and the not-found page, in every language, when the app is built (pages.ts says where
 * they go). After the client build: an SSR build of src/entry-prerender.ts into a folder of its own under
 * node_modules/.cache/prerender (builds that run side by side, as the e2e phases' do, must not render each other's
 * pages), one fresh import of it per page, and each page written as the built index.html with the page's HTML in #app, its
 * title and language, its stylesheets in <head> (render-blocking, like the static page it now is) and its
 * chunks added to the modulepreloads that src/paint-first.ts starts after the first paint (paint-first.ts).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build, type Plugin, type ResolvedConfig, type Rolldown } from 'vite'
import type { RenderedPage } from '../../src/prerendered-marks.ts'
import { APP_LOCALES, PRERENDERED_PAGES, pageFile } from './pages.ts'

/** The frame index.html shows in #app until a client-rendered page mounts, and its style: pre-rendered pages replace both. */
const APP_FRAME = /<div id="app"><!--app-frame-->[\s\S]*?<!--\/app-frame--><\/div>/
const APP_FRAME_STYLE = /\n\s*<!--app-frame-->\s*<style>[\s\S]*?<\/style>\s*<!--\/app-frame-->/

type Chunk = Rolldown.OutputChunk & { viteMetadata?: { importedCss: Set<string> } }

export function prerenderPages(options: { entry: string }): Plugin {
  let config: ResolvedConfig
  let chunks: Chunk[] = []
  return {
    name: 'prerender-pages',
    apply: (userConfig, env) => env.command === 'build' && !userConfig.build?.ssr,
    configResolved(resolved) {
      config = resolved
    },
    writeBundle(_options, bundle) {
      chunks = Object.values(bundle).filter((output): output is Chunk => output.type === 'chunk')
    },
    async closeBundle(error) {
      if (error || !chunks.length) return
      const outDir = resolve(config.root, config.build.outDir)
      const template = await readFile(join(outDir, 'index.html'), 'utf8')
      const cache = resolve(config.root, 'node_modules/.cache/prerender')
      await mkdir(cache, { recursive: true })
      const rendererDir = await mkdtemp(join(cache, `${config.mode}-`))
      try {
        const render = await buildRenderer(config, options.entry, rendererDir)
        for (const locale of APP_LOCALES) {
          for (const page of PRERENDERED_PAGES) {
            const rendered = await render(page.renderPath, locale)
            if (rendered.routeName !== page.routeName) {
              throw new Error(`prerender: ${page.renderPath} rendered route ${rendered.routeName}, not ${page.routeName}`)
            }
            const file = join(outDir, pageFile(page, locale))
            await mkdir(dirname(file), { recursive: true })
            await writeFile(file, pageHtml(template, rendered, locale, filesFor(rendered, locale, chunks, config)))
          }
        }
      } finally {
        await rm(rendererDir, { recursive: true, force: true })
      }
      config.logger.info(`prerender: ${APP_LOCALES.length * PRERENDERED_PAGES.length} pages (${APP_LOCALES.join(', ')})`)
    },
  }
}

type Render = (path: string, locale: string) => Promise<RenderedPage>

/**
 * Builds the server entry into one self-contained file in outDir (this build's own, empty) and returns a render()
 * that imports a fresh copy each time.
 */
async function buildRenderer(config: ResolvedConfig, entry: string, outDir: string): Promise<Render> {
  await build({
    configFile: config.configFile,
    root: config.root,
    mode: config.mode,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      copyPublicDir: false,
      minify: false,
      rolldownOptions: { output: { entryFileNames: 'entry-prerender.mjs', codeSplitting: false } },
    },
  })
  const url = pathToFileURL(join(outDir, 'entry-prerender.mjs')).href
  let copy = 0
  return async (path, locale) => {
    copy += 1
    const module = (await import(`${url}?page=${copy}`)) as { render: Render }
    return module.render(path, locale)
  }
}

/** The stylesheets and scripts a pre-rendered page needs beyond what index.html already loads. */
function filesFor(page: RenderedPage, locale: string, chunks: Chunk[], config: ResolvedConfig): { css: string[]; js: string[] } {
  const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]))
  const entry = chunks.find((chunk) => chunk.isEntry && chunk.facadeModuleId === resolve(config.root, 'index.html'))
  if (!entry) throw new Error('prerender: the client build has no chunk for index.html')
  const holding = (ids: Set<string>) => chunks.filter((chunk) => chunk.moduleIds.some((id) => ids.has(id)))
  const pageChunks = holding(new Set(page.modules.map((id) => resolve(config.root, id)))).map((chunk) => chunk.fileName)
  if (!pageChunks.length) throw new Error(`prerender: no client chunk holds the modules of ${page.routeName}`)
  // The language's messages /login needs: src/i18n/locales/<locale>.json (the signed-in pages' come later).
  const messages = resolve(config.root, `src/i18n/locales/${locale}.json`)
  const languageChunks = chunks.filter((chunk) => chunk.facadeModuleId === messages).map((chunk) => chunk.fileName)
  if (!languageChunks.length) throw new Error(`prerender: no chunk holds the ${locale} messages`)

  const closure = (roots: string[]) => {
    const js = new Set<string>()
    const css = new Set<string>()
    const visit = (fileName: string) => {
      const chunk = byFile.get(fileName)
      if (!chunk || js.has(fileName)) return
      js.add(fileName)
      chunk.imports.forEach(visit)
      for (const file of chunk.viteMetadata?.importedCss ?? []) css.add(file)
    }
    roots.forEach(visit)
    return { js, css }
  }
  // What index.html already loads (its stylesheet, the entry and its imports), then the page's own, in load order.
  const loaded = closure([entry.fileName])
  const needed = closure([...pageChunks, ...languageChunks])
  const url = (file: string) => `${config.base}${file}`
  return {
    css: [...needed.css].filter((file) => !loaded.css.has(file)).map(url),
    js: [...needed.js].filter((file) => !loaded.js.has(file)).map(url),
  }
}

function pageHtml(template: string, page: RenderedPage, locale: string, files: { css: string[]; js: string[] }): string {
  const stylesheets = files.css.map((href) => `\n    <link rel="stylesheet" crossorigin href="${href}">`).join('')
  const preloads = files.js.map((href) => `<link rel="modulepreload" crossorigin href="${href}">`).join('')
  let html = replaceOnce(template, /<html lang="[^"]*"/, `<html lang="${locale}"`)
  html = replaceOnce(html, /<title>[^<]*<\/title>/, `<title>${escapeHtml(page.title)}</title>`)
  html = replaceOnce(html, /<\/template>/, `${preloads}</template>`)
  html = replaceOnce(html, /\n\s*<script type="module"/, (script) => `${stylesheets}${script}`)
  html = replaceOnce(html, APP_FRAME_STYLE, '')
  return replaceOnce(html, APP_FRAME, page.appHtml)
}

function replaceOnce(text: string, pattern: RegExp, replacement: string | ((match: string) => string)): string {
  if (!pattern.test(text)) throw new Error(`prerender: index.html does not match ${pattern}`)
  return text.replace(pattern, (match) => (typeof replacement === 'string' ? replacement : replacement(match)))
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
