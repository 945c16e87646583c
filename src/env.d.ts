/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_API_BASE_URL?: string
  readonly VITE_API_MOCK?: string
  readonly VITE_AUTH_HEADER_PREFIX?: string
  readonly VITE_AUTH_DIALECT?: string
  /** simplejwt pairs: `cookie` keeps the refresh token in an httpOnly cookie (the server's REFRESH_TRANSPORT=cookie). */
  readonly VITE_REFRESH_TRANSPORT?: string
  readonly VITE_AUTH_OBTAIN_PATH?: string
  readonly VITE_AUTH_REFRESH_PATH?: string
  readonly VITE_AUTH_LOGOUT_PATH?: string
  readonly VITE_DRF_JWT_REFRESH_SECONDS?: string
  readonly VITE_FORBIDDEN_MEANS?: string
  readonly VITE_IDLE_MINUTES?: string
  readonly VITE_MOCK_ACCESS_SECONDS?: string
  readonly VITE_MOCK_REFRESH_SECONDS?: string
  readonly VITE_MOCK_ROTATE?: string
  readonly VITE_MOCK_GRACE_SECONDS?: string
  readonly VITE_MOCK_SESSION_MAX_SECONDS?: string
  readonly VITE_MOCK_LATENCY_MS?: string
  readonly VITE_MOCK_LOGIN_FAILURE_LIMIT?: string
  readonly VITE_MOCK_ADDRESS_FAILURE_LIMIT?: string
  readonly VITE_MOCK_LOGIN_COOLOFF_SECONDS?: string
  readonly VITE_MOCK_LOGIN_COOLOFF_MAX_SECONDS?: string
  readonly VITE_MOCK_LOGIN_FORGET_SECONDS?: string
  readonly VITE_MOCK_TRUSTED_PROXIES?: string
  readonly VITE_MOCK_REMOTE_ADDRESS?: string
  /** "cookie": the refresh token travels in the server's (and the mock's) httpOnly cookie; unset: in the bodies. */
  readonly VITE_REFRESH_TRANSPORT?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
