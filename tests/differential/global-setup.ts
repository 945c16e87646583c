/**
 * Migrates and seeds one Django database per Python environment for the whole run; each differential block starts
 * from a copy of its dialect's: Django 5.2 (pair, sliding) and Django 3.2 (drf-jwt), which must not open a database
 * a newer Django migrated.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { startDjango } from '../../server/launch.mjs'
import { DJANGO_SECRET } from './secret'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Migrated and seeded by the server's environment (Django 5.2): DIALECT=pair and sliding. */
    differentialTemplateDir: string
    /** Migrated and seeded by the drf-jwt environment (Django 3.2): DIALECT=drf-jwt. */
    differentialTemplateDirDrfJwt: string
  }
}

/** A fresh database, migrated and seeded by the Django that serves `dialect`, in a folder of its own. */
async function template(dialect: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `differential-template-${dialect}-`))
  const server = await startDjango({ dataDir: dir, fresh: true, env: { DJANGO_SECRET_KEY: DJANGO_SECRET, DIALECT: dialect } })
  await server.stop()
  return dir
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [current, drfJwt] = await Promise.all([template('pair'), template('drf-jwt')])
  project.provide('differentialTemplateDir', current)
  project.provide('differentialTemplateDirDrfJwt', drfJwt)
  return async () => {
    await Promise.all([current, drfJwt].map((dir) => rm(dir, { recursive: true, force: true })))
  }
}
