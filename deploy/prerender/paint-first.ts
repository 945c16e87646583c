/**
 * The built index.html fetches no JavaScript before its first paint: its only script is src/paint-first.ts
 * (a chunk of its own), and the app's entry and the modulepreloads Vite wrote move into an inert
 * <template id="after-first-paint">, which that script puts in <head> once the page has painted.
 * The dev server keeps index.html as it is.
 */
import { resolve } from 'node:path'
import type { IndexHtmlTransformContext, Plugin } from 'vite'
import { AFTER_FIRST_PAINT_TEMPLATE_ID } from '../../src/prerendered-marks.ts'

type Bundle = NonNullable<IndexHtmlTransformContext['bundle']>
type Chunk = NonNullable<IndexHtmlTransformContext['chunk']>

/**
 * The chunks the entry imports statically, each after the chunks it imports (its own imports first): the order in
 * which paint-first.ts evaluates them, one a task, before the entry (the framework alone is a long task on a slow phone).
 */
function staticImportsInOrder(entry: Chunk | undefined, bundle: Bundle | undefined): string[] {
  const order: string[] = []
  const visit = (fileName: string) => {
    const chunk = bundle?.[fileName]
    if (order.includes(fileName) || chunk?.type !== 'chunk') return
    chunk.imports.forEach(visit)
    order.push(fileName)
  }
  entry?.imports.forEach(visit)
  return order
}

const ENTRY_SCRIPT = /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/g
const MODULE_PRELOAD = /\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g

export function paintFirst(options: { loader: string }): Plugin {
  let loaderId = ''
  let loaderRef = ''
  let base = '/'
  return {
    name: 'paint-first',
    apply: (userConfig, env) => env.command === 'build' && !userConfig.build?.ssr,
    configResolved(config) {
      loaderId = resolve(config.root, options.loader)
      base = config.base
    },
    buildStart() {
      loaderRef = this.emitFile({ type: 'chunk', id: loaderId, name: 'paint-first' })
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const loader = Object.values(context.bundle ?? {}).find((output) => output.type === 'chunk' && output.facadeModuleId === loaderId)
        if (!loader || !loaderRef) throw new Error('paint-first: the loader chunk is missing from the bundle')
        const entries = [...html.matchAll(ENTRY_SCRIPT)].map((match) => match[1])
        if (entries.length !== 1) throw new Error(`paint-first: expected one entry script in index.html, found ${entries.length}`)
        const preloads = [...html.matchAll(MODULE_PRELOAD)].map((match) => match[1])
        const evaluateFirst = new Set(staticImportsInOrder(context.chunk, context.bundle).map((file) => `${base}${file}`))
        const links = [
          `<link rel="modulepreload" crossorigin href="${entries[0]}" data-app-entry>`,
          ...preloads.map((href) => `<link rel="modulepreload" crossorigin href="${href}"${evaluateFirst.has(href) ? ' data-app-import' : ''}>`),
        ]
        const head = [
          // Low priority: it is not needed for the first paint, so the stylesheets get the bandwidth first.
          `    <script type="module" crossorigin fetchpriority="low" src="${base}${loader.fileName}"></script>`,
          `    <template id="${AFTER_FIRST_PAINT_TEMPLATE_ID}">${links.join('')}</template>`,
        ].join('\n')
        return html.replace(ENTRY_SCRIPT, '').replace(MODULE_PRELOAD, '').replace(/\s*<\/head>/, () => `\n${head}\n  </head>`)
      },
    },
  }
}
