// The guide's VitePress site: `npm run docs:dev` serves it, `npm run docs:build` builds it into docs/.vitepress/dist
// (a step of `npm test`); both first write the API reference into docs/api/ (docs/api.mjs). The build fails on a dead link: VitePress's own check for links between pages
// (ignoreDeadLinks stays false), plus two of ours below, for a heading anchor that isn't there and for a link into
// the repository outside docs/ whose file doesn't exist.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig, type DefaultTheme } from 'vitepress'

const docsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const repoDir = path.dirname(docsDir)

/** Repository files linked from the guide that another branch of the same issue brings (kept until it is merged). */
const PENDING_REPOSITORY_FILES = new Set<string>()

/** The repository's web address (package.json `repository`), for links to its files; without it they stay text. */
function repositoryUrl(): string | null {
  const { repository } = JSON.parse(readFileSync(path.join(repoDir, 'package.json'), 'utf8')) as {
    repository?: string | { url?: string }
  }
  const url = typeof repository === 'string' ? repository : repository?.url
  return url ? url.replace(/^git\+/, '').replace(/\.git$/, '') : null
}

/**
 * A page's first heading, else its file name. api-documenter's start at `##` and end in the item's kind
 * ("createApiClient() function", "axios package"), which the sidebar leaves out.
 */
function titleOf(file: string): string {
  const heading = /^#{1,6}\s+(.+?)\s*$/m.exec(readFileSync(file, 'utf8'))
  if (!heading) return path.basename(file, '.md')
  return heading[1]
    .replace(/`/g, '')
    .replace(/\s+(package|namespace|class|interface|function|type|variable|enum|method|property|constructor)$/, '')
    .trim()
}

/**
 * The API reference's sidebar, from whatever docs/api/*.md exist at build time (api-documenter writes one file per
 * package, `session.md`, and one per item, `session.createsession.md`): each package with its items, under the
 * group's own link to the index.
 */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const dir = path.join(docsDir, 'api')
  const names = existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.md'))
        .map((name) => name.slice(0, -3))
        .sort()
    : []
  const link = (name: string) => (name === 'index' ? '/api/' : `/api/${name}`)
  const packages = names.filter((name) => name !== 'index' && !name.includes('.'))
  const items: DefaultTheme.SidebarItem[] = []
  for (const name of packages) {
    // Its members (`session.createsession`); their own members (`session.session.logout`) are linked from their pages.
    const members = names.filter((other) => other.startsWith(`${name}.`) && other.split('.').length === 2)
    const manifest = path.join(repoDir, 'packages', name, 'package.json')
    items.push({
      // The package's npm name (`@django-jwt/session`) where packages/<name> is it.
      text: existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name : titleOf(path.join(dir, `${name}.md`)),
      link: link(name),
      collapsed: members.length > 0 ? true : undefined,
      items: members.map((member) => ({ text: titleOf(path.join(dir, `${member}.md`)), link: link(member) })),
    })
  }
  return items
}

/** Every heading id and every internal link of the built pages: a link to `page.html#x` needs an `id="x"` on that page. */
function checkAnchors(outDir: string): void {
  const pages = new Map<string, { ids: Set<string>; hrefs: string[] }>()
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else if (entry.name.endsWith('.html')) {
        const html = readFileSync(file, 'utf8')
        const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]))
        const hrefs = [...html.matchAll(/\shref="([^"]*#[^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'))
        pages.set('/' + path.relative(outDir, file).split(path.sep).join('/'), { ids, hrefs })
      }
    }
  }
  walk(outDir)
  const dead: string[] = []
  for (const [page, { hrefs }] of pages) {
    for (const href of hrefs) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue // another site: not checked
      const [target, hash] = href.split('#', 2)
      if (!hash) continue
      let targetPage = target === '' ? page : new URL(target, `http://site${page}`).pathname
      if (targetPage.endsWith('/')) targetPage += 'index.html'
      const found = pages.get(targetPage) ?? pages.get(`${targetPage}.html`)
      if (!found?.ids.has(decodeURIComponent(hash))) dead.push(`${href} in ${page}`)
    }
  }
  if (dead.length > 0) throw new Error(`${dead.length} dead anchor link(s):\n  ${[...new Set(dead)].join('\n  ')}`)
}

export default defineConfig({
  title: 'vue-jwt-drf',
  description: 'JWT sessions in the browser against Django REST framework: a Vue 3 app, its session core as packages, a Django server, and a mock that answers like it.',
  lang: 'en',
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]], // the app's own (docs/public/)
  lastUpdated: false,
  ignoreDeadLinks: false, // VitePress's default, said out loud: a link to a page that doesn't exist fails the build
  markdown: {
    // No `{.class #id}` attributes: api-documenter's pages have object types such as `{ access: unknown; }` in
    // their tables, which markdown-it-attrs would turn into (duplicate) attributes.
    attrs: { disable: true },
    config(md) {
      // A relative link that leaves docs/ (e.g. ../server/simplejwt-sessions/README.md) works on GitHub; on the site
      // it becomes a link to the repository's copy, or plain text when package.json names no repository. Its file
      // must exist.
      const repository = repositoryUrl()
      md.core.ruler.push('repository_links', (state) => {
        const file = (state.env as { path?: string }).path
        if (!file) return
        for (const block of state.tokens) {
          const children = block.children ?? []
          for (let i = 0; i < children.length; i++) {
            const open = children[i]
            const href = open.type === 'link_open' ? open.attrGet('href') : null
            if (!href || /^([a-z][a-z0-9+.-]*:|\/|#)/i.test(href)) continue
            const target = path.resolve(path.dirname(file), href.split('#')[0])
            if (!path.relative(docsDir, target).startsWith('..')) continue
            const inRepo = path.relative(repoDir, target).split(path.sep).join('/')
            if (!existsSync(target) && !PENDING_REPOSITORY_FILES.has(inRepo)) {
              throw new Error(`dead link ${href} in ${path.relative(docsDir, file)}: no ${inRepo} in the repository`)
            }
            if (repository) {
              open.attrSet('href', `${repository}/blob/HEAD/${inRepo}`)
              continue
            }
            open.type = 'repository_link_open'
            open.tag = 'span'
            open.attrs = [['title', inRepo]]
            let depth = 0
            for (let j = i + 1; j < children.length; j++) {
              if (children[j].type === 'link_open') depth++
              else if (children[j].type === 'link_close' && depth-- === 0) {
                children[j].type = 'repository_link_close'
                children[j].tag = 'span'
                break
              }
            }
          }
        }
      })
    },
  },
  buildEnd(siteConfig) {
    checkAnchors(siteConfig.outDir)
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'Packages', link: '/session' },
      { text: 'Server', link: '/server' },
      { text: 'API reference', link: '/api/' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/getting-started' },
          { text: 'Configuration', link: '/configuration' },
          { text: 'Builds and the first paint', link: '/builds' },
        ],
      },
      {
        text: 'Packages',
        items: [
          { text: 'Session core', link: '/session' },
          { text: 'axios binding', link: '/axios' },
          { text: 'Vue binding', link: '/vue' },
          { text: 'Mock', link: '/mock' },
        ],
      },
      {
        text: 'Dialects',
        items: [
          { text: 'Server dialects', link: '/dialects' },
          { text: 'Writing a dialect', link: '/writing-a-dialect' },
        ],
      },
      {
        text: 'Server',
        items: [
          { text: 'The Django server', link: '/server' },
          { text: 'simplejwt-sessions (pip)', link: '/simplejwt-sessions' },
          { text: 'Sessions the server knows', link: '/sessions' },
          { text: 'Revocation', link: '/revocation' },
          { text: 'The login lockout', link: '/lockout' },
          { text: 'Contract notes: hostile input', link: '/contract-notes' },
        ],
      },
      {
        text: 'Operations',
        items: [
          { text: 'Production', link: '/production' },
          { text: 'Load', link: '/load' },
          { text: 'Security', link: '/security' },
          { text: 'Cookie mode', link: '/cookie-mode' },
        ],
      },
      {
        text: 'Project',
        items: [
          { text: 'Tests and scripts', link: '/testing' },
          { text: 'Project layout', link: '/layout' },
        ],
      },
      { text: 'API reference', link: '/api/', items: apiSidebar() },
    ],
    outline: { level: [2, 3] },
    search: { provider: 'local' },
  },
})
