/**
 * vite.config.ts drops the icon and badge CSS from Vant's Button and Field styles (they cost /login ~2.5 KB gzip). That is
 * only right while no template asks those two to draw an icon: this test fails the day one does.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = join(process.cwd(), 'src')
const ICON_PROPS = /\s:?(icon|left-icon|right-icon|clearable|is-link)(?=[\s=>/])/

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? vueFiles(join(dir, entry.name)) : entry.name.endsWith('.vue') ? [join(dir, entry.name)] : [],
  )
}

/** Every `<van-button …>` / `<van-field …>` opening tag (attributes may span lines). */
function buttonAndFieldTags(source: string): string[] {
  return [...source.matchAll(/<van-(?:button|field)\b[^>]*>/g)].map((match) => match[0])
}

describe('Vant Button and Field draw no icon in this app', () => {
  it('no template sets an icon prop on them', () => {
    const offenders = vueFiles(SRC).flatMap((file) =>
      buttonAndFieldTags(readFileSync(file, 'utf8'))
        .filter((tag) => ICON_PROPS.test(tag))
        .map((tag) => `${relative(process.cwd(), file)}: ${tag.replace(/\s+/g, ' ')}`),
    )
    expect(offenders).toEqual([])
  })

  it('would notice one', () => {
    expect(buttonAndFieldTags('<van-button\n  icon="plus"\n  type="primary">').some((tag) => ICON_PROPS.test(tag))).toBe(true)
    expect(buttonAndFieldTags('<van-field v-model="q" clearable />').some((tag) => ICON_PROPS.test(tag))).toBe(true)
    expect(buttonAndFieldTags('<van-field v-model="q" :rules="r" />').some((tag) => ICON_PROPS.test(tag))).toBe(false)
  })
})
