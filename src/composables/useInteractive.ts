import { onMounted, readonly, ref, type Ref } from 'vue'

/**
 * False while a component exists only as pre-rendered HTML (before its JavaScript has hydrated it), true once
 * mounted. Controls that do nothing without the app bind `:disabled="!interactive"`, so a tap or Enter before
 * then is not lost silently (and a form cannot submit natively, with the password in the URL).
 */
export function useInteractive(): Readonly<Ref<boolean>> {
  const interactive = ref(false)
  onMounted(() => {
    interactive.value = true
  })
  return readonly(interactive)
}
