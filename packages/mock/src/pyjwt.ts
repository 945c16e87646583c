/**
 * PyJWT's decode(token, key, algorithms=["HS256"]) as the two stacks call it: PyJWT 2 under simplejwt 5.5, PyJWT
 * 1.7.1 under djangorestframework-jwt. The result names the exception PyJWT raises, so each library can map it to
 * its own message: the signature is checked with jose, the registered claims here, in PyJWT's order (iat, nbf,
 * exp; PyJWT 2 then sub and jti), since jose's claim checks are not PyJWT's.
 */
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose'
import type { TokenPayload } from './jwt.js'
import { pythonInt } from './python.js'

export type PyJwtVersion = '1.7.1' | '2'

/**
 * jwt.exceptions: DecodeError (InvalidSignatureError is one), ExpiredSignatureError, InvalidAlgorithmError; every
 * other InvalidTokenError (ImmatureSignatureError, InvalidIssuedAtError, InvalidAudienceError…) is 'InvalidTokenError'.
 */
export type PyJwtError = 'DecodeError' | 'ExpiredSignatureError' | 'InvalidAlgorithmError' | 'InvalidTokenError'

export type PyJwtResult = { payload: TokenPayload } | { error: PyJwtError }

/** Python's int(value) for a JSON value: the number, or the exception int() raises. */
function pythonIntOf(value: unknown): number | 'ValueError' | 'TypeError' {
  if (typeof value === 'boolean') return Number(value)
  if (typeof value === 'number') return Math.trunc(value)
  if (typeof value === 'string') return pythonInt(value) ?? 'ValueError'
  return 'TypeError'
}

/**
 * int(claim) as PyJWT reads a time claim: PyJWT 2 turns any failure into `failure`; PyJWT 1.7.1 catches ValueError
 * only, so int(None) or int([]) is a TypeError, which stock drf-jwt lets through (a 500) and the project's decode
 * handler (server/accounts/drf_jwt.py) turns into a DecodeError.
 */
function claimInt(value: unknown, version: PyJwtVersion, failure: PyJwtError): number | PyJwtError {
  const int = pythonIntOf(value)
  if (typeof int === 'number') return int
  if (int === 'TypeError' && version === '1.7.1') return 'DecodeError'
  return failure
}

/** _validate_claims with decode's defaults (no audience, issuer or leeway): the first failure, or undefined. */
function claimsError(payload: TokenPayload, version: PyJwtVersion, nowMs: number): PyJwtError | undefined {
  // PyJWT 2: datetime.now().timestamp(), a float; 1.7.1: timegm(utcnow().utctimetuple()), whole seconds.
  const now = version === '2' ? nowMs / 1000 : Math.floor(nowMs / 1000)
  if ('iat' in payload) {
    const iat = claimInt(payload.iat, version, 'InvalidTokenError')
    if (typeof iat !== 'number') return iat
    if (version === '2' && iat > now) return 'InvalidTokenError' // ImmatureSignatureError: not yet valid (iat)
  }
  if ('nbf' in payload) {
    const nbf = claimInt(payload.nbf, version, 'DecodeError')
    if (typeof nbf !== 'number') return nbf
    if (nbf > now) return 'InvalidTokenError' // ImmatureSignatureError
  }
  if ('exp' in payload) {
    const exp = claimInt(payload.exp, version, 'DecodeError')
    if (typeof exp !== 'number') return exp
    // PyJWT 2: expired when exp <= now; 1.7.1: when exp < now (a token lives through the second of its exp).
    if (version === '2' ? exp <= now : exp < now) return 'ExpiredSignatureError'
  }
  // PyJWT 1.7.1 verifies aud by default, and an unexpected one is refused; PyJWT 2 only when given an audience.
  if (version === '1.7.1' && 'aud' in payload) return 'InvalidTokenError'
  if (version === '2') {
    if ('sub' in payload && typeof payload.sub !== 'string') return 'InvalidTokenError' // InvalidSubjectError
    if ('jti' in payload && typeof payload.jti !== 'string') return 'InvalidTokenError' // InvalidJTIError
  }
  return undefined
}

/** jwt.decode(raw, secret, algorithms=["HS256"]): the header and payload, the algorithm, the signature, the claims. */
export async function pyJwtDecode(raw: string, secret: string, nowMs: number, version: PyJwtVersion): Promise<PyJwtResult> {
  let alg: unknown
  let payload: TokenPayload
  try {
    alg = decodeProtectedHeader(raw).alg
    payload = decodeJwt(raw) as TokenPayload
  } catch {
    return { error: 'DecodeError' }
  }
  if (alg !== 'HS256') return { error: 'InvalidAlgorithmError' }
  try {
    await compactVerify(raw, new TextEncoder().encode(secret), { algorithms: ['HS256'] })
  } catch {
    return { error: 'DecodeError' } // InvalidSignatureError
  }
  const error = claimsError(payload, version, nowMs)
  return error ? { error } : { payload }
}
