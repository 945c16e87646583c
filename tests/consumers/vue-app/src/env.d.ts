/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** 'true': the API is @django-jwt/mock behind MSW's service worker, in this page. */
  readonly VITE_MOCK?: string
  /** The mock's access-token lifetime in seconds (ACCESS_TOKEN_LIFETIME). */
  readonly VITE_MOCK_ACCESS_SECONDS?: string
}
