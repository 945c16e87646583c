/** What Django signs with in the differential run: the tests give it this SECRET_KEY, so they can mint tokens. */
export const DJANGO_SECRET = 'differential-tests-only-not-a-secret-0123456789abcdef'
