/**
 * Migrates and seeds one Django database for the whole run; each differential file starts from a copy.
 * DIFFERENTIAL_DB=postgres (npm run test:differential:postgres): the database is a template in a private PostgreSQL
 * cluster started for the run, and each file's database is made from it (CREATE DATABASE ... TEMPLATE).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { TestProject } from 'vitest/node'
import { runManage, startDjango } from '../../server/launch.mjs'
import { startPostgres } from '../../server/postgres.mjs'
import { DJANGO_SECRET } from './secret'

/** The PostgreSQL template database each file's database is copied from. */
export const POSTGRES_TEMPLATE = 'differential_template'

declare module 'vitest' {
  export interface ProvidedContext {
    differentialTemplateDir: string
    /** A URL of the run's PostgreSQL cluster (DIFFERENTIAL_DB=postgres), else ''. */
    differentialPostgresUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = await mkdtemp(join(tmpdir(), 'differential-template-'))
  project.provide('differentialTemplateDir', template)
  if (process.env.DIFFERENTIAL_DB === 'postgres') {
    const started = performance.now()
    const cluster = await startPostgres()
    try {
      const url = await cluster.createDatabase(POSTGRES_TEMPLATE)
      // The secret key's folder is still the data folder; the database is the template, migrated and seeded once.
      await runManage(['prepare'], { dataDir: template, env: { DJANGO_SECRET_KEY: DJANGO_SECRET, DATABASE_URL: url } })
    } catch (error) {
      await cluster.stop()
      throw error
    }
    console.log(`differential: PostgreSQL ${cluster.url.replace(/:[^:@/]+@/, ':***@')}, template ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    project.provide('differentialPostgresUrl', cluster.url)
    return async () => {
      await cluster.stop()
      await rm(template, { recursive: true, force: true })
    }
  }
  const server = await startDjango({ dataDir: template, fresh: true, env: { DJANGO_SECRET_KEY: DJANGO_SECRET } })
  await server.stop()
  project.provide('differentialPostgresUrl', '')
  return () => rm(template, { recursive: true, force: true })
}
