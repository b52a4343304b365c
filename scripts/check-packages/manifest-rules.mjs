// What every published package.json and tarball must hold, checked on the packed artifact
// (the manifest after pnpm rewrote `workspace:` ranges, and the files npm would publish).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The Node.js floor: the first 20.x line where `require()` of ESM works without a flag. */
const NODE_RANGE = /^>=\s*20\.19(\.0)?$/

/**
 * Peer dependencies each package must declare. Everything but core takes `@kairos/core` as
 * a peer: the user hands a backend to their own `Timeseries`, and core's `fromUrl` loads the
 * backend package, so both must see one copy of core (one error hierarchy, one contract
 * version). As a plain dependency, a 0.x caret range would install a second nested core
 * as soon as the user's core moves to the next minor.
 */
const REQUIRED_PEERS = {
  '@kairos/core': [],
  '@kairos/conformance': ['@kairos/core', 'vitest'],
  '@kairos/redis': ['@kairos/core', 'ioredis'],
  '@kairos/mongo': ['@kairos/core', 'mongodb'],
}
const DEFAULT_PEERS = ['@kairos/core']

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies']

/**
 * The peers a package must declare.
 *
 * @param name - the package name
 */
export function requiredPeers(name) {
  return REQUIRED_PEERS[name] ?? DEFAULT_PEERS
}

/**
 * Checks a packed manifest and its files.
 *
 * @param manifest - the package.json inside the tarball
 * @param root - the folder the tarball was unpacked into (holding package.json)
 * @param files - the paths inside the tarball, relative to `root`
 * @returns `{ errors, warnings }`, lists of sentences
 */
export function checkManifest(manifest, root, files) {
  const errors = [
    ...checkModuleFields(manifest),
    ...checkExports(manifest.exports),
    ...checkPublishFields(manifest, files),
    ...checkDependencies(manifest),
    ...checkSourceMaps(root, files),
  ]
  const warnings = []

  if (!manifest.repository) warnings.push('no "repository" (npm shows no source link)')
  if (!files.some((file) => /^licen[cs]e/i.test(file))) {
    warnings.push(`"license" is ${manifest.license} but no LICENSE file is in the tarball`)
  }
  return { errors, warnings }
}

function checkModuleFields(manifest) {
  const errors = []
  if (manifest.type !== 'module') errors.push('"type" is not "module"')
  if (!NODE_RANGE.test(manifest.engines?.node ?? '')) {
    errors.push(`"engines.node" is ${JSON.stringify(manifest.engines?.node)}, not ">=20.19"`)
  }
  if (manifest.sideEffects === undefined) errors.push('no "sideEffects"')
  return errors
}

// Every conditional entry lists `types` first: TypeScript takes the first condition that
// matches, so a `types` after `default` is never read.
function checkExports(exports) {
  if (typeof exports !== 'object' || exports === null || !exports['.']) {
    return ['no "exports" with a "." entry']
  }

  const errors = []
  for (const [subpath, target] of Object.entries(exports)) {
    if (typeof target !== 'object' || target === null) continue
    const conditions = Object.keys(target)
    if (conditions[0] !== 'types') errors.push(`exports["${subpath}"]: "types" is not first`)
    if (!conditions.includes('default') && !conditions.includes('import')) {
      errors.push(`exports["${subpath}"]: no "default" or "import"`)
    }
  }
  return errors
}

function checkPublishFields(manifest, files) {
  const errors = []
  if (!Array.isArray(manifest.files) || manifest.files.length === 0) errors.push('no "files"')
  if (!manifest.license) errors.push('no "license"')
  if (!manifest.description) errors.push('no "description"')
  if (!files.includes('README.md')) errors.push('no README.md in the tarball')
  return errors
}

function checkDependencies(manifest) {
  const errors = []
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith('workspace:')) errors.push(`${field}.${name} kept "${range}"`)
    }
  }

  const peers = manifest.peerDependencies ?? {}
  for (const peer of requiredPeers(manifest.name)) {
    if (manifest.dependencies?.[peer]) errors.push(`"${peer}" is a dependency; make it a peer`)
    else if (!peers[peer]) errors.push(`"${peer}" is not a peer dependency`)
    else if (!manifest.devDependencies?.[peer]) errors.push(`peer "${peer}" is not a devDependency`)
  }
  return errors
}

// Source maps and declaration maps that point at files left out of the tarball break
// go-to-definition and stack traces for users.
function checkSourceMaps(root, files) {
  const missing = new Set()
  for (const file of files.filter((path) => path.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(join(root, file), 'utf8'))
    if (map.sourcesContent?.every((content) => typeof content === 'string')) continue

    const base = join(root, dirname(file), map.sourceRoot ?? '')
    for (const source of map.sources ?? []) {
      if (!existsSync(join(base, source))) missing.add(join(dirname(file), source))
    }
  }

  if (missing.size === 0) return []
  const sample = [...missing].slice(0, 3).join(', ')
  return [`${missing.size} source-map sources are not in the tarball (${sample}, …)`]
}
