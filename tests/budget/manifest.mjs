// Reading Vite's build manifest: which files a page needs, statically and through its lazy route chunk.

/** The manifest key of the login route's component (src/router/routes.ts). */
export const LOGIN_COMPONENT = 'src/views/LoginPage.vue'

/**
 * The key of the HTML entry (index.html's own script: src/main.ts).
 * @param {import('vite').Manifest} manifest
 */
export function entryOf(manifest) {
  const key = Object.keys(manifest).find((name) => manifest[name].isEntry && manifest[name].src === 'index.html')
  if (!key) throw new Error('no entry for index.html in the Vite manifest')
  return key
}

/**
 * Keys of every lazily imported chunk (the routes' views and anything else behind import()).
 * @param {import('vite').Manifest} manifest
 */
export function lazyEntries(manifest) {
  return Object.keys(manifest).filter((key) => manifest[key].isDynamicEntry)
}

/**
 * The JS and CSS files the given chunks load before running (themselves, static imports, their CSS),
 * in load order, plus the assets (fonts, images) their CSS references.
 * @param {import('vite').Manifest} manifest
 * @param {string[]} keys
 * @returns {{ files: string[], assets: string[] }}
 */
export function closureOf(manifest, keys) {
  /** @type {Set<string>} */
  const files = new Set()
  /** @type {Set<string>} */
  const assets = new Set()
  /** @type {Set<string>} */
  const seen = new Set()
  const visit = (/** @type {string} */ key) => {
    if (seen.has(key)) return
    seen.add(key)
    const chunk = manifest[key]
    if (!chunk) throw new Error(`${key} is not in the Vite manifest`)
    for (const imported of chunk.imports ?? []) visit(imported)
    files.add(chunk.file)
    for (const css of chunk.css ?? []) files.add(css)
    for (const asset of chunk.assets ?? []) assets.add(asset)
  }
  keys.forEach(visit)
  return { files: [...files], assets: [...assets] }
}
