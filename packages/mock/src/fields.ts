/** DRF serializer fields: the checks, their order and their messages (rest_framework/fields.py). */
import { isStorable } from './claims.js'
import { pythonInt, pythonStr } from './python.js'
import type { PythonType } from './pythonJson.js'
import { gettextLazy, type Text } from './translation.js'

export type FieldErrors = Record<string, Text[]>
/** A field's value, or its errors (DRF's run_validators gives every validator's at once). */
type FieldResult = { value: unknown } | { error: Text | Text[] }

export interface FieldSpec {
  required: boolean
  /** Validates one provided value (null included). */
  run(data: unknown): FieldResult
}

/** The fields' error_messages (translated); "No data provided" is a plain ErrorDetail in DRF, never translated. */
export const FIELD_MESSAGES = {
  required: gettextLazy('This field is required.'),
  null: gettextLazy('This field may not be null.'),
  blank: gettextLazy('This field may not be blank.'),
  notAString: gettextLazy('Not a valid string.'),
  maxLength: gettextLazy('Ensure this field has no more than {max_length} characters.'),
  stringTooLarge: gettextLazy('String value too large.'),
  invalidInteger: gettextLazy('A valid integer is required.'),
  invalidNumber: gettextLazy('A valid number is required.'),
  minValue: gettextLazy('Ensure this value is greater than or equal to {min_value}.'),
  maxValue: gettextLazy('Ensure this value is less than or equal to {max_value}.'),
  maxDigits: gettextLazy('Ensure that there are no more than {max_digits} digits in total.'),
  maxDecimalPlaces: gettextLazy('Ensure that there are no more than {max_decimal_places} decimal places.'),
  maxWholeDigits: gettextLazy('Ensure that there are no more than {max_whole_digits} digits before the decimal point.'),
  invalidChoice: gettextLazy('"{input}" is not a valid choice.'),
  notADict: gettextLazy('Invalid data. Expected a dictionary, but got {datatype}.'),
  /** CharField's ProhibitNullCharactersValidator and ProhibitSurrogateCharactersValidator (rest_framework/validators.py). */
  nullCharacters: gettextLazy('Null characters are not allowed.'),
  surrogateCharacters: gettextLazy('Surrogate characters are not allowed: U+{code_point:X}.'),
  invalidBoolean: gettextLazy('Must be a valid boolean.'),
  noData: 'No data provided',
} as const

/** DRF refuses longer strings before parsing numbers. */
const MAX_STRING_LENGTH = 1000

export function charField(options: { required: boolean; allowBlank?: boolean; maxLength?: number }): FieldSpec {
  return {
    required: options.required,
    run(data) {
      // CharField.run_validation: the blank check comes before the null check.
      if (data === '' || (data !== null && pythonStr(data).trim() === '')) {
        return options.allowBlank ? { value: '' } : { error: FIELD_MESSAGES.blank }
      }
      if (data === null) return { error: FIELD_MESSAGES.null }
      if (typeof data !== 'string' && typeof data !== 'number') return { error: FIELD_MESSAGES.notAString }
      const value = pythonStr(data).trim()
      // run_validators: MaxLengthValidator, then the NUL and surrogate validators; every failure is listed.
      const errors: Text[] = []
      if (options.maxLength !== undefined && Array.from(value).length > options.maxLength) {
        errors.push(FIELD_MESSAGES.maxLength.format({ max_length: options.maxLength }))
      }
      if (value.includes('\0')) errors.push(FIELD_MESSAGES.nullCharacters)
      const surrogate = firstLoneSurrogate(value)
      if (surrogate !== undefined) errors.push(FIELD_MESSAGES.surrogateCharacters.format({ code_point: surrogate }))
      return errors.length ? { error: errors } : { value }
    },
  }
}

export function integerField(options: { required: boolean; minValue?: number; maxValue?: number }): FieldSpec {
  return {
    required: options.required,
    run(data) {
      if (data === null) return { error: FIELD_MESSAGES.null }
      if (typeof data === 'string' && data.length > MAX_STRING_LENGTH) return { error: FIELD_MESSAGES.stringTooLarge }
      // int(re.sub(r'\.0*\s*$', '', str(data))): "2.0" and 2.0 are 2, "2.5" is not an integer.
      const value = pythonInt(pythonStr(data).replace(/\.0*\s*$/, ''))
      if (value === undefined) return { error: FIELD_MESSAGES.invalidInteger }
      if (options.maxValue !== undefined && value > options.maxValue) return { error: FIELD_MESSAGES.maxValue.format({ max_value: options.maxValue }) }
      if (options.minValue !== undefined && value < options.minValue) return { error: FIELD_MESSAGES.minValue.format({ min_value: options.minValue }) }
      return { value }
    },
  }
}

interface DecimalParts {
  negative: boolean
  /** Decimal.as_tuple().digits, leading zeros dropped ("0" stays). */
  digits: string
  exponent: number
}

/** decimal.Decimal(text), finite values only; undefined when Python would refuse or give NaN/Infinity. */
function parseDecimal(text: string): DecimalParts | undefined {
  const match = /^([+-])?(?:(\d+(?:_\d+)*)(?:\.(\d+(?:_\d+)*)?)?|\.(\d+(?:_\d+)*))(?:[eE]([+-]?\d+(?:_\d+)*))?$/.exec(text)
  if (!match) return undefined
  const whole = (match[2] ?? '').replace(/_/g, '')
  const fraction = (match[3] ?? match[4] ?? '').replace(/_/g, '')
  const exponent = Number((match[5] ?? '0').replace(/_/g, '')) - fraction.length
  const digits = (whole + fraction).replace(/^0+/, '') || '0'
  return { negative: match[1] === '-', digits, exponent }
}

/** '{:f}'.format(value.quantize(Decimal(10) ** -places)); only called after validate_precision passed. */
function formatFixed(parts: DecimalParts, places: number): string {
  const scaled = parts.digits + '0'.repeat(parts.exponent + places)
  const padded = scaled.padStart(places + 1, '0')
  const sign = parts.negative ? '-' : ''
  return `${sign}${padded.slice(0, padded.length - places)}.${padded.slice(padded.length - places)}`
}

export function decimalField(options: { required: boolean; maxDigits: number; decimalPlaces: number; minValue?: number }): FieldSpec {
  const maxWholeDigits = options.maxDigits - options.decimalPlaces
  return {
    required: options.required,
    run(data) {
      if (data === null) return { error: FIELD_MESSAGES.null }
      const text = pythonStr(data).trim()
      if (text.length > MAX_STRING_LENGTH) return { error: FIELD_MESSAGES.stringTooLarge }
      const parts = parseDecimal(text)
      if (!parts) return { error: FIELD_MESSAGES.invalidNumber }
      // validate_precision, on the digits as written: "19.990" has 3 decimal places.
      const count = parts.digits.length
      let total: number
      let whole: number
      let places: number
      if (parts.exponent >= 0) {
        total = count + parts.exponent
        whole = total
        places = 0
      } else if (count > -parts.exponent) {
        total = count
        whole = count + parts.exponent
        places = -parts.exponent
      } else {
        total = -parts.exponent
        whole = 0
        places = total
      }
      if (total > options.maxDigits) return { error: FIELD_MESSAGES.maxDigits.format({ max_digits: options.maxDigits }) }
      if (places > options.decimalPlaces) return { error: FIELD_MESSAGES.maxDecimalPlaces.format({ max_decimal_places: options.decimalPlaces }) }
      if (whole > maxWholeDigits) return { error: FIELD_MESSAGES.maxWholeDigits.format({ max_whole_digits: maxWholeDigits }) }
      const isNegative = parts.negative && parts.digits !== '0'
      if (options.minValue !== undefined && isNegative && options.minValue >= 0) {
        return { error: FIELD_MESSAGES.minValue.format({ min_value: options.minValue }) }
      }
      return { value: formatFixed(parts, options.decimalPlaces) }
    },
  }
}

/** BooleanField's TRUE_VALUES and FALSE_VALUES (DRF 3.18: a string is lower-cased first; 1.0 == 1 == True in Python). */
const TRUE_VALUES: ReadonlySet<unknown> = new Set(['t', 'y', 'yes', 'true', 'on', '1', 1, true])
const FALSE_VALUES: ReadonlySet<unknown> = new Set(['f', 'n', 'no', 'false', 'off', '0', 0, false])

/** DRF's BooleanField (allow_null off): null is "may not be null", anything outside both sets "Must be a valid boolean.". */
export function booleanField(options: { required: boolean }): FieldSpec {
  return {
    required: options.required,
    run(data) {
      if (data === null) return { error: FIELD_MESSAGES.null }
      const key = typeof data === 'string' ? data.toLowerCase() : data
      if (TRUE_VALUES.has(key)) return { value: true }
      if (FALSE_VALUES.has(key)) return { value: false }
      return { error: FIELD_MESSAGES.invalidBoolean }
    },
  }
}

/** The code point of the first lone surrogate (a pair is one character in Python), or undefined. */
function firstLoneSurrogate(text: string): number | undefined {
  if (isStorable(text.replace(/\0/g, ''))) return undefined
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0
    if (code >= 0xd800 && code <= 0xdfff) return code
  }
  return undefined
}

/** DRF's ChoiceField as server/orders/serializers.py declares it: a lone surrogate is refused first, as CharField does
 * (stock DRF repeats it in "is not a valid choice", which no JSON renderer encodes: a 500). */
export function choiceField(options: { required: boolean; choices: readonly string[] }): FieldSpec {
  return {
    required: options.required,
    run(data) {
      if (data === null) return { error: FIELD_MESSAGES.null }
      const surrogate = typeof data === 'string' ? firstLoneSurrogate(data) : undefined
      if (surrogate !== undefined) return { error: FIELD_MESSAGES.surrogateCharacters.format({ code_point: surrogate }) }
      const key = pythonStr(data)
      return options.choices.includes(key) ? { value: key } : { error: FIELD_MESSAGES.invalidChoice.format({ input: key }) }
    },
  }
}

export type ValidationResult = { ok: true; values: Record<string, unknown> } | { ok: false; errors: FieldErrors }

/** Serializer.is_valid(): the body must be a dict; each field in declaration order; all errors at once. */
export function validateFields(data: unknown, type: PythonType, specs: Record<string, FieldSpec>, partial = false): ValidationResult {
  if (data === null) return { ok: false, errors: { non_field_errors: [FIELD_MESSAGES.noData] } }
  if (type !== 'dict' || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, errors: { non_field_errors: [FIELD_MESSAGES.notADict.format({ datatype: type })] } }
  }
  const input = data as Record<string, unknown>
  const values: Record<string, unknown> = {}
  const errors: FieldErrors = {}
  for (const [name, spec] of Object.entries(specs)) {
    if (!Object.prototype.hasOwnProperty.call(input, name)) {
      if (spec.required && !partial) errors[name] = [FIELD_MESSAGES.required]
      continue
    }
    const result = spec.run(input[name])
    if ('error' in result) errors[name] = Array.isArray(result.error) ? result.error : [result.error]
    else values[name] = result.value
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values }
}
