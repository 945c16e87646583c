/**
 * Pages pre-rendered at build time (deploy/prerender/) arrive as HTML inside #app, marked with the route and the
 * language they show. The app hydrates them when it lands on that very page in that language, and renders
 * from scratch otherwise (a logged-in user on /login, a saved language the server did not know about).
 */
import { defineAsyncComponent, inject, nextTick, type App, type Component, type HydrationStrategy, type InjectionKey } from 'vue'
import type { RouteRecordNameGeneric } from 'vue-router'
import type { AppLocale } from '@/i18n/locales'
import { LOCALE_ATTRIBUTE, PAGE_ATTRIBUTE } from '@/prerendered-marks'

/** True when the container holds the server's HTML of exactly this page in this language. */
export function canHydrate(container: Element, routeName: RouteRecordNameGeneric, locale: AppLocale): boolean {
  return (
    typeof routeName === 'string' &&
    container.getAttribute(PAGE_ATTRIBUTE) === routeName &&
    container.getAttribute(LOCALE_ATTRIBUTE) === locale
  )
}

type TypedField = HTMLInputElement | HTMLTextAreaElement

const isToggle = (field: TypedField) => field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')

/**
 * What the user typed (or ticked) in the pre-rendered page before the app took over, put back afterwards:
 * hydration resets every input to its v-model, and a fresh render replaces the inputs. Fields are matched by
 * name; the restored value is announced with the event v-model or the page listens to (`input`, `change` for
 * a checkbox), so the app's state follows. Focus and caret too.
 */
export function keepTypedInput(within: Element | Element[]): { restore: () => void } {
  const roots = Array.isArray(within) ? within : [within]
  const fields = () => roots.flatMap((root) => [...root.querySelectorAll<TypedField>('input[name], textarea[name]')])
  const typed = new Map<string, string>()
  const ticked = new Map<string, boolean>()
  for (const field of fields()) {
    if (isToggle(field)) {
      const box = field as HTMLInputElement
      if (box.checked !== box.defaultChecked) ticked.set(box.name, box.checked)
    } else if (field.value !== field.defaultValue && field.type !== 'file') typed.set(field.name, field.value)
  }
  const active = document.activeElement
  const focused = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? active : null
  const focus = focused && roots.some((root) => root.contains(focused)) ? { name: focused.name, start: focused.selectionStart, end: focused.selectionEnd } : null

  return {
    restore() {
      // The fields as they are now (a fresh render replaced them), found once: the first of each name.
      const byName = new Map<string, TypedField>()
      for (const field of fields()) if (!byName.has(field.name)) byName.set(field.name, field)
      const named = (name: string) => byName.get(name) ?? null
      for (const [name, value] of typed) {
        const field = named(name)
        if (!field || field.value === value) continue
        field.value = value
        field.dispatchEvent(new Event('input', { bubbles: true }))
      }
      for (const [name, checked] of ticked) {
        const box = named(name)
        if (!(box instanceof HTMLInputElement) || box.checked === checked) continue
        box.checked = checked
        box.dispatchEvent(new Event('change', { bubbles: true }))
      }
      if (!focus?.name) return
      const field = named(focus.name)
      if (!field) return
      if (document.activeElement !== field) field.focus()
      try {
        if (focus.start !== null && focus.end !== null && !isToggle(field)) field.setSelectionRange(focus.start, focus.end)
      } catch {
        /* inputs without a caret (email, number) */
      }
    },
  }
}

/** What mountOver() provides while it hydrates a pre-rendered page: parts of it that hydrate later report in. */
interface Hydration {
  active: boolean
  parts: Promise<void>[]
}
const HYDRATION: InjectionKey<Hydration> = Symbol('hydrating a pre-rendered page')

/**
 * Mounts the app over the container: hydrating the server's HTML (`hydrate`, see canHydrate) or rendering over it.
 * Either way what was typed before is put back. Resolves once every part of the page is hydrated (see
 * hydratedInNextTask).
 */
export function mountOver(app: App, container: Element, hydrate: boolean): Promise<void> {
  const hydration: Hydration = { active: hydrate, parts: [] }
  app.provide(HYDRATION, hydration)
  // Read and put back in the task that mounts, so nothing typed in between is lost.
  const typed = keepTypedInput(container)
  app.mount(container)
  typed.restore()
  hydration.active = false
  return Promise.all(hydration.parts).then(() => undefined)
}

/**
 * Vue's lazy hydration, one task later: on a slow phone hydrating /login at once was one long task (about 30 ms of
 * a 4x slowed CPU, what Lighthouse counts as blocking); in two parts, input and rendering get in between.
 * What was typed in the part meanwhile is kept as mountOver keeps it for the page. `done` is called once, either way.
 */
function inNextTask(done: () => void): HydrationStrategy {
  return (hydrate, forEachElement) => {
    const timer = setTimeout(() => {
      const elements: Element[] = []
      forEachElement((element) => elements.push(element))
      const typed = keepTypedInput(elements)
      hydrate()
      // After the part's mounted hooks (Vant's Field writes its model value into its input then), in this task still.
      void nextTick(() => {
        typed.restore()
        done()
      })
    })
    return () => {
      clearTimeout(timer)
      done()
    }
  }
}

/**
 * For a component's setup: `part` itself, or, while mountOver hydrates a pre-rendered page, `part` hydrated in the
 * next task. The part must take no props: a wrapper updated before it hydrates is never hydrated (Vue's rule).
 */
export function hydratedInNextTask(part: Component): Component {
  const hydration = inject(HYDRATION, null)
  if (!hydration?.active) return part
  let done = (): void => undefined
  hydration.parts.push(new Promise<void>((resolve) => (done = resolve)))
  return defineAsyncComponent({ loader: () => Promise.resolve(part), hydrate: inNextTask(done) })
}
