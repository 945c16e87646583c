/** Migrates and seeds one Django database for the whole run; each differential file starts from a copy. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startDjango } from '../../server/launch.mjs'
import { DJANGO_SECRET } from './secret'

declare module 'vitest' {
  export interface ProvidedContext {
    differentialTemplateDir: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await mkdtemp(join(tmpdir(), 'differential-template-'))
  const server = await startDjango({ dataDir: template, fresh: true, env: { DJANGO_SECRET_KEY: DJANGO_SECRET } })
  await server.stop()
  project.provide('differentialTemplateDir', template)
  return () => rm(template, { recursive: true, force: true })
}
