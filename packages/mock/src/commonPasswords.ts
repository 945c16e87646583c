/**
 * CommonPasswordValidator's list: Django 5.2's own common-passwords.txt.gz (19,640 passwords, 80 KB), a byte-for-byte
 * copy in ./data/commonPasswords.ts as base64 (written by scripts/embed-common-passwords.mjs; the app's
 * tests/unit/contract/password-validation.test.ts compares it with the installed Django's).
 * The whole list rather than a subset, so that the mock refuses exactly the passwords the server refuses; the module
 * is imported lazily, so a bundler puts it in a chunk of its own that loads on the first password change.
 * Decoded by hand rather than fetched: a data: URL is a connection the CSP's connect-src 'self' refuses.
 */
let loaded: Promise<ReadonlySet<string>> | undefined

async function decompress(base64: string): Promise<string> {
  const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))
  return new Response(stream).text()
}

/** The lowercased, stripped passwords, as CommonPasswordValidator.__init__ reads them (loaded once). */
export function commonPasswords(): Promise<ReadonlySet<string>> {
  loaded ??= import('./data/commonPasswords.js')
    .then(({ COMMON_PASSWORDS_GZIP_BASE64 }) => decompress(COMMON_PASSWORDS_GZIP_BASE64))
    .then((text) => new Set(text.split('\n').map((line) => line.trim())))
  return loaded
}
