/**
 * django.contrib.auth.password_validation with Django's four default AUTH_PASSWORD_VALIDATORS, as Django 5.2
 * writes them: validate_password() runs all four and reports every failure, in this order. (Only the current stack
 * has a password change: the drf-jwt server's URL conf has none.)
 */
import { commonPasswords } from './commonPasswords.js'
import { gettextLazy, ngettextLazy, type LazyMessage } from './translation.js'

const MIN_LENGTH = 8
const MAX_SIMILARITY = 0.7

export const PASSWORD_MESSAGES = {
  tooSimilar: gettextLazy('The password is too similar to the %(verbose_name)s.'),
  // Django 5.2: ngettext(...) % self.min_length, a positional %d (Django 3.2's msgid had %(min_length)d); the
  // ValidationError's params then find nothing left to fill.
  tooShort: ngettextLazy(
    'This password is too short. It must contain at least %d character.',
    'This password is too short. It must contain at least %d characters.',
    MIN_LENGTH,
  ).percent([MIN_LENGTH]),
  tooCommon: gettextLazy('This password is too common.'),
  entirelyNumeric: gettextLazy('This password is entirely numeric.'),
} as const

/**
 * str.isdigit(): decimal digits (\p{Nd}) and the other characters of Numeric_Type=Digit (superscripts, circled
 * digits…), listed from Python 3.11's unicodedata.
 */
const PYTHON_DIGITS =
  /^[\p{Nd}\u{B2}-\u{B3}\u{B9}\u{1369}-\u{1371}\u{19DA}\u{2070}\u{2074}-\u{2079}\u{2080}-\u{2089}\u{2460}-\u{2468}\u{2474}-\u{247C}\u{2488}-\u{2490}\u{24EA}\u{24F5}-\u{24FD}\u{24FF}\u{2776}-\u{277E}\u{2780}-\u{2788}\u{278A}-\u{2792}\u{10A40}-\u{10A43}\u{10E60}-\u{10E68}\u{11052}-\u{1105A}\u{1F100}-\u{1F10A}]+$/u

/** User.username's verbose_name (translated). */
const USERNAME_VERBOSE_NAME = gettextLazy('username')

/** The user attributes UserAttributeSimilarityValidator reads; first_name, last_name and email are empty here. */
export interface PasswordOwner {
  username: string
}

/** Python's len(): code points, not UTF-16 units. */
function codePoints(text: string): string[] {
  return Array.from(text)
}

/** difflib.SequenceMatcher(a=a, b=b).quick_ratio(): 2 × (characters in common, as multisets) / total length. */
export function quickRatio(a: string, b: string): number {
  const available = new Map<string, number>()
  const bChars = codePoints(b)
  for (const char of bChars) available.set(char, (available.get(char) ?? 0) + 1)
  let matches = 0
  const aChars = codePoints(a)
  for (const char of aChars) {
    const left = available.get(char) ?? 0
    if (left > 0) matches += 1
    available.set(char, left - 1)
  }
  const length = aChars.length + bChars.length
  return length ? (2 * matches) / length : 1
}

/** exceeds_maximum_length_ratio: a value far shorter than the password can't be similar enough; skip it. */
function exceedsMaximumLengthRatio(password: string, value: string): boolean {
  const passwordLength = codePoints(password).length
  const valueLength = codePoints(value).length
  return passwordLength >= 10 * valueLength && valueLength < (MAX_SIMILARITY / 2) * passwordLength
}

/** UserAttributeSimilarityValidator: the whole attribute and each part between non-word characters (re's \W+). */
function isTooSimilar(password: string, owner: PasswordOwner): boolean {
  const lowered = password.toLowerCase()
  const value = owner.username.toLowerCase()
  if (!value) return false
  const parts = [...value.split(/[^\p{L}\p{N}_]+/u), value]
  return parts.some((part) => !exceedsMaximumLengthRatio(lowered, part) && quickRatio(lowered, part) >= MAX_SIMILARITY)
}

/** validate_password(password, user): every validator's message, in AUTH_PASSWORD_VALIDATORS order; [] if none. */
export async function validatePassword(password: string, owner: PasswordOwner): Promise<LazyMessage[]> {
  const errors: LazyMessage[] = []
  if (isTooSimilar(password, owner)) errors.push(PASSWORD_MESSAGES.tooSimilar.percent({ verbose_name: USERNAME_VERBOSE_NAME }))
  if (codePoints(password).length < MIN_LENGTH) errors.push(PASSWORD_MESSAGES.tooShort)
  if ((await commonPasswords()).has(password.toLowerCase().trim())) errors.push(PASSWORD_MESSAGES.tooCommon)
  if (PYTHON_DIGITS.test(password)) errors.push(PASSWORD_MESSAGES.entirelyNumeric)
  return errors
}
