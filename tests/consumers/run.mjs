// `npm run test:consumers`: the packages as a stranger gets them. Builds and packs @django-jwt/{session,axios,vue,mock},
// installs the tarballs (and their peers from the registry) into two brand-new apps in a temp folder, and proves them:
// - vue-app/: Vite + Vue 3 + TypeScript; vue-tsc and vite build pass, then a Chromium journey against `vite preview`
//   with the packaged mock behind MSW's service worker (journey.mjs);
// - node-app/: no Vue, plain TypeScript (tsc, then node) with msw/node.
// Prints each tarball's size and file count and the time of each step. KEEP_CONSUMERS=1 keeps the temp folder;
// the journey's screenshots are in .e2e-artifacts/consumers/.
import { spawn } from 'node:child_process'
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { gzipSync } from 'node:zlib'
import { requireChrome } from '../e2e/lib/chrome.mjs'
import { runJourney } from './journey.mjs'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const HERE = fileURLToPath(new URL('./', import.meta.url))
/** In build order: the bindings and the mock resolve the core through the workspace. */
const PACKAGES = ['session', 'axios', 'vue', 'mock']
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc')
/** In every tarball. */
const SHIPPED = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']
/** Anything else in a tarball is a mistake (sources, tests, build info, api-extractor's etc/). */
const SHIPPABLE = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE|dist\/.+\.(js|d\.ts))$/
const INSTALL_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']

const started = performance.now()
/** @type {Array<[string, number]>} */
const times = []
const seconds = (/** @type {number} */ ms) => `${(ms / 1000).toFixed(1)} s`

/**
 * Runs a command, its output kept and shown only when it fails; resolves with its stdout.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: Record<string, string> }} [options]
 * @returns {Promise<string>}
 */
function run(command, args, { cwd = ROOT, env = {} } = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let output = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      output += chunk
    })
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (code === 0) return resolveRun(stdout)
      reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed (${signal ?? `exit ${code}`}):\n${output.slice(-12000)}`))
    })
  })
}

/**
 * Times a step and records it for the summary.
 * @template T
 * @param {string} name
 * @param {() => Promise<T>} task
 * @returns {Promise<T>}
 */
async function timed(name, task) {
  const from = performance.now()
  console.log(`::: ${name}`)
  const result = await task()
  const ms = performance.now() - from
  times.push([name, ms])
  console.log(`::: ${name}: ${seconds(ms)}`)
  return result
}

/** `^<version>` of a package as the repo has it installed: a range the registry (or the npm cache) satisfies. */
const rangeOf = (/** @type {string} */ name) => `^${JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version}`

const work = mkdtempSync(join(tmpdir(), 'django-jwt-consumers-'))
const packs = join(work, 'packs')
mkdirSync(packs)
let failed = false
try {
  await timed('build the packages', async () => {
    const build = async (/** @type {string} */ name) => {
      // From scratch: a file deleted from src/ must not ship from an old dist/.
      rmSync(join(ROOT, 'packages', name, 'dist'), { recursive: true, force: true })
      await run(process.execPath, [TSC, '-p', `packages/${name}/tsconfig.build.json`])
    }
    // The core first: the others resolve it through the workspace's symlink to its dist/.
    const [core, ...others] = PACKAGES
    await build(core)
    await Promise.all(others.map(build))
  })

  /** @type {Record<string, string>} package name → file: spec of its tarball */
  const tarballs = {}
  await timed('npm pack', async () => {
    const workspaces = PACKAGES.flatMap((name) => ['-w', `@django-jwt/${name}`])
    const packed = JSON.parse(await run('npm', ['pack', ...workspaces, '--pack-destination', packs, '--json', '--loglevel=error']))
    console.log('tarball                          packed   unpacked  files')
    /** @type {string[]} */
    const wrong = []
    for (const { name, filename, size, unpackedSize, entryCount, files } of packed) {
      tarballs[name] = `file:${join(packs, filename)}`
      const kib = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KiB`.padStart(10)
      console.log(`${filename.padEnd(32)}${kib(size)}${kib(unpackedSize)}  ${entryCount}`)
      /** @type {string[]} */
      const paths = files.map((/** @type {{ path: string }} */ file) => file.path)
      for (const required of SHIPPED) if (!paths.includes(required)) wrong.push(`${name}: ${required} is missing`)
      for (const path of paths) if (!SHIPPABLE.test(path)) wrong.push(`${name}: ${path} should not ship`)
    }
    if (wrong.length) throw new Error(`the tarballs are not what a stranger should get:\n${wrong.join('\n')}`)
  })

  const vueApp = join(work, 'vue-app')
  const nodeApp = join(work, 'node-app')
  cpSync(join(HERE, 'vue-app'), vueApp, { recursive: true })
  cpSync(join(HERE, 'node-app'), nodeApp, { recursive: true })
  // The tarballs by path, the peers from the registry (the versions this repo uses, as ranges).
  writeFileSync(
    join(vueApp, 'package.json'),
    JSON.stringify(
      {
        name: 'django-jwt-consumer-vue',
        private: true,
        type: 'module',
        dependencies: Object.fromEntries(
          [
            ['@django-jwt/session', tarballs['@django-jwt/session']],
            ['@django-jwt/axios', tarballs['@django-jwt/axios']],
            ['@django-jwt/vue', tarballs['@django-jwt/vue']],
            ['@django-jwt/mock', tarballs['@django-jwt/mock']],
            ...['axios', 'msw', 'pinia', 'vue', 'vue-router'].map((name) => [name, rangeOf(name)]),
          ],
        ),
        devDependencies: Object.fromEntries(['@vitejs/plugin-vue', 'typescript', 'vite', 'vue-tsc'].map((name) => [name, rangeOf(name)])),
      },
      null,
      2,
    ),
  )
  writeFileSync(
    join(nodeApp, 'package.json'),
    JSON.stringify(
      {
        name: 'django-jwt-consumer-node',
        private: true,
        type: 'module',
        dependencies: {
          '@django-jwt/session': tarballs['@django-jwt/session'],
          '@django-jwt/axios': tarballs['@django-jwt/axios'],
          '@django-jwt/mock': tarballs['@django-jwt/mock'],
          axios: rangeOf('axios'),
          msw: rangeOf('msw'),
        },
        devDependencies: { '@types/node': rangeOf('@types/node'), typescript: rangeOf('typescript') },
      },
      null,
      2,
    ),
  )

  // The two installs share the npm cache; run side by side.
  await timed('npm install (both apps)', () =>
    Promise.all([run('npm', ['install', ...INSTALL_FLAGS], { cwd: vueApp }), run('npm', ['install', ...INSTALL_FLAGS], { cwd: nodeApp })]),
  )

  await timed('node app: tsc, then node', async () => {
    await run(process.execPath, [join(nodeApp, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: nodeApp })
    process.stdout.write(await run(process.execPath, ['dist/main.js'], { cwd: nodeApp }))
  })

  await timed('vue app: vue-tsc --noEmit, vite build', async () => {
    // MSW's service worker, as `npx msw init public` writes it (npm 11 runs no install scripts).
    mkdirSync(join(vueApp, 'public'), { recursive: true })
    copyFileSync(join(vueApp, 'node_modules/msw/lib/mockServiceWorker.js'), join(vueApp, 'public/mockServiceWorker.js'))
    await run(process.execPath, [join(vueApp, 'node_modules/vue-tsc/bin/vue-tsc.js'), '--noEmit'], { cwd: vueApp })
    // A 4 s access token: the journey sees the silent refresh within seconds.
    const vite = join(vueApp, 'node_modules/vite/bin/vite.js')
    await run(process.execPath, [vite, 'build'], { cwd: vueApp, env: { VITE_MOCK: 'true', VITE_MOCK_ACCESS_SECONDS: '4' } })
    // Without the mock, as the app would ship: none of the mock or MSW may be in it (sideEffects: false, the
    // dynamic import behind import.meta.env).
    await run(process.execPath, [vite, 'build', '--outDir', 'dist-production'], { cwd: vueApp })
    const assets = join(vueApp, 'dist-production/assets')
    let raw = 0
    let gzipped = 0
    for (const file of readdirSync(assets).filter((name) => name.endsWith('.js'))) {
      const code = readFileSync(join(assets, file))
      raw += code.length
      gzipped += gzipSync(code).length
      for (const marker of ['[MSW]', 'mockServiceWorker', 'django_language']) {
        if (code.includes(marker)) throw new Error(`the production build has the mock in it: ${file} contains ${marker}`)
      }
    }
    console.log(`production build (vue, vue-router, pinia, axios, the three packages): ${(raw / 1024).toFixed(1)} KiB JS, ${(gzipped / 1024).toFixed(1)} KiB gzip`)
  })

  await timed('vue app: Chromium journey', () => runJourney({ appDir: vueApp, chrome: requireChrome(), screenshots: join(ROOT, '.e2e-artifacts/consumers') }))
} catch (error) {
  failed = true
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
} finally {
  if (process.env.KEEP_CONSUMERS) console.log(`::: kept ${work}`)
  else rmSync(work, { recursive: true, force: true })
}

const total = performance.now() - started
console.log(`\n::: consumer tests ${failed ? 'FAILED' : 'passed'} in ${seconds(total)}: ${times.map(([name, ms]) => `${name} ${seconds(ms)}`).join(', ')}`)
process.exit(failed ? 1 : 0)
