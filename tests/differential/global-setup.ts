/**
 * Migrates and seeds one Django database per Python environment for the whole run; each differential block starts
 * from a copy of its dialect's: Django 5.2 (pair, sliding) and Django 3.2 (drf-jwt), which must not open a database
 * a newer Django migrated. DIFFERENTIAL_DB=postgres (npm run test:differential:postgres): the current stack's database
 * is a template in a private PostgreSQL cluster started for the run, and each block's database is made from it
 * (CREATE DATABASE ... TEMPLATE); drf-jwt's stays SQLite.
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
    /** Migrated and seeded by the server's environment (Django 5.2): DIALECT=pair and sliding. */
    differentialTemplateDir: string
    /** Migrated and seeded by the drf-jwt environment (Django 3.2): DIALECT=drf-jwt. */
    differentialTemplateDirDrfJwt: string
    /** A URL of the run's PostgreSQL cluster (DIFFERENTIAL_DB=postgres), else ''. */
    differentialPostgresUrl: string
  }
}

/** A fresh database, migrated and seeded by the Django that serves `dialect`, in a folder of its own. */
async function template(dialect: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `differential-template-${dialect}-`))
  const server = await startDjango({ dataDir: dir, fresh: true, env: { DJANGO_SECRET_KEY: DJANGO_SECRET, DIALECT: dialect } })
  await server.stop()
  return dir
}

/** The run's PostgreSQL cluster with the current stack's template database, migrated and seeded once. */
async function postgresTemplate(secretDir: string) {
  const started = performance.now()
  const cluster = await startPostgres()
  try {
    const url = await cluster.createDatabase(POSTGRES_TEMPLATE)
    // The secret key's folder is still the data folder; the database is the template.
    await runManage(['prepare'], { dataDir: secretDir, env: { DJANGO_SECRET_KEY: DJANGO_SECRET, DATABASE_URL: url } })
  } catch (error) {
    await cluster.stop()
    throw error
  }
  console.log(`differential: PostgreSQL ${cluster.url.replace(/:[^:@/]+@/, ':***@')}, template ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  return cluster
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [current, drfJwt] = await Promise.all([template('pair'), template('drf-jwt')])
  project.provide('differentialTemplateDir', current)
  project.provide('differentialTemplateDirDrfJwt', drfJwt)
  const cluster = process.env.DIFFERENTIAL_DB === 'postgres' ? await postgresTemplate(current) : null
  project.provide('differentialPostgresUrl', cluster?.url ?? '')
  return async () => {
    await cluster?.stop()
    await Promise.all([current, drfJwt].map((dir) => rm(dir, { recursive: true, force: true })))
  }
}
