/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_API_BASE_URL?: string
  readonly VITE_API_MOCK?: string
  readonly VITE_AUTH_HEADER_PREFIX?: string
  readonly VITE_AUTH_DIALECT?: string
  readonly VITE_AUTH_OBTAIN_PATH?: string
  readonly VITE_AUTH_REFRESH_PATH?: string
  readonly VITE_AUTH_LOGOUT_PATH?: string
  readonly VITE_DRF_JWT_REFRESH_SECONDS?: string
  readonly VITE_FORBIDDEN_MEANS?: string
  readonly VITE_IDLE_MINUTES?: string
  readonly VITE_MOCK_ACCESS_SECONDS?: string
  readonly VITE_MOCK_REFRESH_SECONDS?: string
  readonly VITE_MOCK_ROTATE?: string
  readonly VITE_MOCK_LATENCY_MS?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
