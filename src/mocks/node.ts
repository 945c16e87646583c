/** The mock backend for node (vitest, scripts): msw/node's setupServer over the same handlers. */
import { setupServer, type SetupServer } from 'msw/node'
import { createMockBackend, type CreateMockBackendOptions, type MockBackend } from './backend'

export function createMockServer(options: CreateMockBackendOptions = {}): { server: SetupServer; backend: MockBackend } {
  const backend = createMockBackend(options)
  return { server: setupServer(...backend.handlers), backend }
}
