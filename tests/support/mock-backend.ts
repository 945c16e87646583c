/** useMockBackend(): the mock backend behind msw/node for a vitest file, fresh for every test. */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { setupServer, type SetupServer } from 'msw/node'
import { createMockBackend, type CreateMockBackendOptions, type MockBackend } from '@django-jwt/mock'

export type MockBackendGetter = (() => MockBackend) & {
  /** The msw server, for a test that adds its own handlers with server.use(...) (removed after each test). */
  readonly server: SetupServer
}

export function useMockBackend(options: CreateMockBackendOptions = {}): MockBackendGetter {
  const server = setupServer()
  let backend: MockBackend | undefined

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  beforeEach(() => {
    backend = createMockBackend(options)
    server.resetHandlers(...backend.handlers)
  })
  afterEach(() => {
    server.resetHandlers()
    backend = undefined
  })
  afterAll(() => server.close())

  const getBackend = () => {
    if (!backend) throw new Error('useMockBackend(): the backend exists only inside a test (beforeEach … afterEach)')
    return backend
  }
  return Object.assign(getBackend, { server })
}
