import type { PasswordChange } from '@/api/types'

/** What the password form holds while the person types. */
export interface PasswordDraft {
  current: string
  next: string
  repeat: string
}

export type PasswordField = keyof PasswordDraft
/** i18n keys of the client-side complaints, per field. */
export type PasswordDraftErrors = Partial<Record<PasswordField, string>>

/** Django's MinimumLengthValidator default; the server checks it (and three more rules) again. */
export const PASSWORD_MIN_LENGTH = 8

/** The request field whose server messages belong under each form field (matched by name, never by text). */
export const SERVER_FIELD_OF: Readonly<Partial<Record<PasswordField, keyof PasswordChange>>> = { current: 'old_password', next: 'new_password' }

export function emptyPasswordDraft(): PasswordDraft {
  return { current: '', next: '', repeat: '' }
}

export function passwordDraftToInput(draft: PasswordDraft): PasswordChange {
  return { old_password: draft.current, new_password: draft.next }
}

/**
 * What can be said before sending: every field filled, the repeat matches, the new password long enough and
 * different from the current one. The server trims passwords (DRF), so the checks do too.
 */
export function validatePasswordDraft(draft: PasswordDraft): PasswordDraftErrors {
  const errors: PasswordDraftErrors = {}
  const current = draft.current.trim()
  const next = draft.next.trim()
  if (current === '') errors.current = 'password.currentRequired'
  if (next === '') errors.next = 'password.newRequired'
  else if (Array.from(next).length < PASSWORD_MIN_LENGTH) errors.next = 'password.tooShort'
  else if (next === current) errors.next = 'password.sameAsCurrent'
  if (draft.repeat.trim() === '') errors.repeat = 'password.repeatRequired'
  else if (draft.repeat.trim() !== next) errors.repeat = 'password.mismatch'
  return errors
}
