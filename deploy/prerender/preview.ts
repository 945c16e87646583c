/**
 * `vite preview` sends the pre-rendered page in the user's language, as deploy/nginx.conf does (pages.ts):
 * /login and unknown paths (status 404) from dist/<locale>/, every page of the app's router the frame in
 * dist/index.html (Vite's own fallback). Files (a path with an extension) are Vite's business.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Plugin } from 'vite'
import { chooseLocale, choosePage } from './pages.ts'

export function serveLocalePages(): Plugin {
  return {
    name: 'serve-locale-pages',
    configurePreviewServer(server) {
      const outDir = resolve(server.config.root, server.config.build.outDir)
      const headers = server.config.preview.headers ?? {}
      server.middlewares.use(async (req, res, next) => {
        const accept = req.headers.accept ?? '*/*'
        if ((req.method !== 'GET' && req.method !== 'HEAD') || !/text\/html|\*\/\*/.test(accept)) return next()
        const pathname = new URL(req.url ?? '/', 'http://preview').pathname
        if (/\.[^/]*$/.test(pathname)) return next()
        const choice = choosePage(pathname, chooseLocale(req.headers.cookie, req.headers['accept-language']))
        if (choice.kind === 'app-frame') return next()
        const file = join(outDir, choice.file)
        if (!existsSync(file)) return next() // a build without pre-rendered pages: the frame, client-rendered
        try {
          const body = await readFile(file)
          res.statusCode = choice.status
          for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value)
          res.setHeader('Content-Type', 'text/html; charset=utf-8')
          res.setHeader('Cache-Control', 'no-store')
          // The same URL is a different file per language: caches must key on what chose it.
          res.setHeader('Vary', 'Cookie, Accept-Language')
          res.end(req.method === 'HEAD' ? undefined : body)
        } catch (error) {
          next(error)
        }
      })
    },
  }
}
