// The Content-Security-Policy of the production build. Its one home is the nginx snippet people copy
// (security-headers.conf, beside this file); `vite preview` and the tests read it from there.
import { readFileSync } from 'node:fs'

/** @returns {string} the policy nginx sends */
export function contentSecurityPolicy() {
  const conf = readFileSync(new URL('./security-headers.conf', import.meta.url), 'utf8')
  const policy = /add_header Content-Security-Policy "([^"]+)"/.exec(conf)?.[1]
  if (!policy) throw new Error('deploy/security-headers.conf has no Content-Security-Policy header')
  return policy
}
