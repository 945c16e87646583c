// `node server/run.mjs <python arguments>`: runs the server's Python (its environment built or updated first) in
// server/, e.g. `node server/run.mjs manage.py test`. DIALECT=drf-jwt runs the djangorestframework-jwt environment's.
import { spawnSync } from 'node:child_process'
import { SERVER_DIR } from './launch.mjs'
import { envNameForDialect, requirePythonEnv } from './python-env.mjs'

const python = requirePythonEnv(envNameForDialect(process.env.DIALECT))
const { status, signal } = spawnSync(python, process.argv.slice(2), { cwd: SERVER_DIR, stdio: 'inherit' })
process.exit(status ?? (signal ? 1 : 0))
