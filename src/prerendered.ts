/**
 * Pages pre-rendered at build time (deploy/prerender/) arrive as HTML inside #app, marked with the route and the
 * language they show. The app hydrates them when it lands on that very page in that language, and renders
 * from scratch otherwise (a logged-in user on /login, a saved language the server did not know about).
 */
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
export function keepTypedInput(container: Element): { restore: () => void } {
  const typed = new Map<string, string>()
  const ticked = new Map<string, boolean>()
  for (const field of container.querySelectorAll<TypedField>('input[name], textarea[name]')) {
    if (isToggle(field)) {
      const box = field as HTMLInputElement
      if (box.checked !== box.defaultChecked) ticked.set(box.name, box.checked)
    } else if (field.value !== field.defaultValue && field.type !== 'file') typed.set(field.name, field.value)
  }
  const active = document.activeElement
  const focused = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement ? active : null
  const focus = focused && container.contains(focused) ? { name: focused.name, start: focused.selectionStart, end: focused.selectionEnd } : null
  const named = (name: string) => container.querySelector<TypedField>(`[name="${CSS.escape(name)}"]`)

  return {
    restore() {
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
