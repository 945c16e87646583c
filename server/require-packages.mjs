// Exits 1 with the apt-get line when a Debian package the backend needs is missing (`npm run test:server`).
import { requireServerPackages } from './launch.mjs'

requireServerPackages()
