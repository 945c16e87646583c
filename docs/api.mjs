// The API reference (docs/api/, generated, not committed): the packages' TSDoc, through api-extractor's doc model
// (tests/packages/check.mjs --model-only builds the packages and writes it) and api-documenter's markdown.
// Run by `npm run docs:dev` and `npm run docs:build` before VitePress.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const OUT = join(ROOT, 'docs', 'api')
const MODEL = join(ROOT, 'node_modules', '.cache', 'api-model')

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`)
  return result.stdout
}

run('node', ['tests/packages/check.mjs', '--model-only'])
rmSync(OUT, { recursive: true, force: true })
run('npx', ['api-documenter', 'markdown', '--input-folder', MODEL, '--output-folder', OUT])
// api-documenter's pages as VitePress pages: its home is the section's index, its "Do not edit" comment stays.
for (const file of readdirSync(OUT)) {
  const path = join(OUT, file)
  const text = readFileSync(path, 'utf8')
  // A `{{` in prose would be a Vue interpolation in VitePress: keep it literal.
  writeFileSync(path, text.replace(/\{\{/g, '&#123;&#123;'))
}
console.log(`docs/api: ${readdirSync(OUT).length} pages`)
