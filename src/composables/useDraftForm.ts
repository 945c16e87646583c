import { computed, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { isSessionExpired } from '@django-jwt/session'
import { describeSaveFailure, type SaveFailure } from '@/forms/saveErrors'

const NO_FAILURE: SaveFailure = { fieldErrors: {}, message: null, notFound: false }

/**
 * What every form of the app does around its draft: client-side complaints (i18n keys) per field, the server's
 * answer to the last submit (its messages under their fields, matched by field name, the rest as one message on
 * the page), one submit at a time. Editing a field clears what was said about it; a client complaint wins over
 * the server's (it is about what is typed now). What was typed stays after any failure; when the session has
 * ended the app is on its way to the login page, so nothing is shown.
 */
export function useDraftForm<Field extends string>(options: {
  draft: Record<Field, unknown>
  /** The client's checks: an i18n key per field it refuses. */
  validate: () => Partial<Record<Field, string>>
  /** The request field whose server messages belong under each form field, where it is named otherwise. */
  serverFieldOf?: Partial<Record<Field, string>>
}) {
  const { t } = useI18n()
  const fields = Object.keys(options.draft) as Field[]
  const serverFieldOf = (field: Field): string | undefined => (options.serverFieldOf ? options.serverFieldOf[field] : field)
  const serverFields: ReadonlySet<string> = new Set(fields.map(serverFieldOf).filter((name) => name !== undefined))

  const clientErrors = ref<Partial<Record<Field, string>>>({})
  const failure = ref<SaveFailure>(NO_FAILURE)
  const saving = ref(false)

  const pageMessage = computed(() => {
    const message = failure.value.message
    if (!message) return ''
    return 'text' in message ? message.text : t(message.key, message.params ?? {})
  })

  function errorFor(field: Field): string {
    const key = (clientErrors.value as Partial<Record<Field, string>>)[field]
    if (key) return t(key)
    const serverField = serverFieldOf(field)
    return serverField ? (failure.value.fieldErrors[serverField]?.join(' ') ?? '') : ''
  }

  for (const field of fields) {
    watch(
      () => options.draft[field],
      () => {
        delete (clientErrors.value as Partial<Record<Field, string>>)[field]
        const serverField = serverFieldOf(field)
        if (serverField) delete failure.value.fieldErrors[serverField]
      },
    )
  }

  /** Checks the draft, then runs `send` (unless a submit is under way); a rejection is shown as above. */
  async function submit(send: () => Promise<void>): Promise<void> {
    if (saving.value) return
    failure.value = { ...NO_FAILURE, fieldErrors: {} }
    clientErrors.value = options.validate()
    if (Object.keys(clientErrors.value).length > 0) return
    saving.value = true
    try {
      await send()
    } catch (error) {
      if (!isSessionExpired(error)) failure.value = describeSaveFailure(error, serverFields)
    } finally {
      saving.value = false
    }
  }

  return { failure, saving, pageMessage, errorFor, submit }
}
