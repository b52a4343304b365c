// Proves that what users install works: packs every published package, lints each tarball
// (manifest rules, publint, are-the-types-wrong), then installs the tarballs with npm into
// throwaway projects outside the monorepo and uses them from ESM, CommonJS, TypeScript and
// vitest. Builds nothing: run `pnpm build` first. `--keep` keeps the consumer projects.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CheckReport } from './check-packages/check-report.mjs'
import { ConsumerProject } from './check-packages/consumer-project.mjs'
import { checkManifest, requiredPeers } from './check-packages/manifest-rules.mjs'
import { runChecked, runCommand } from './check-packages/run-command.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const PACK_DIR = join(ROOT, '.cache', 'pack')
const BIN = join(ROOT, 'node_modules', '.bin')
const KEEP = process.argv.includes('--keep')

const rootManifest = readJson(join(ROOT, 'package.json'))
const TYPESCRIPT = `typescript@${rootManifest.devDependencies.typescript}`
const VITEST = `vitest@${rootManifest.devDependencies.vitest}`

/** Named exports a backend package must have; other packages must export something. */
const EXPECTED_EXPORTS = {
  '@kairos/redis': ['RedisBackend'],
  '@kairos/mongo': ['MongoBackend'],
}

/** The consumer's compiler settings: what a strict Node.js TypeScript project uses. */
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: [],
  },
}

const report = new CheckReport()
process.exitCode = (await main()) ? 0 : 1

async function main() {
  rmSync(PACK_DIR, { recursive: true, force: true })
  mkdirSync(PACK_DIR, { recursive: true })

  const packages = await publishedPackages()
  console.log(`== tarballs of ${packages.map((pkg) => pkg.name).join(', ')}`)
  const packed = await Promise.all(packages.map(checkTarball))
  const tarballs = new Map(packed.filter(([, tarball]) => tarball))

  console.log('\n== consumer projects outside the monorepo')
  const backends = packages.filter(
    (pkg) => !['@kairos/core', '@kairos/conformance'].includes(pkg.name),
  )
  await Promise.all([
    checkCoreConsumer(tarballs),
    checkConformanceConsumer(tarballs),
    ...backends.map((pkg) => checkBackendConsumer(pkg, tarballs)),
  ])

  return report.summarize()
}

/** The workspace packages that are not private, with their folders and manifests. */
async function publishedPackages() {
  const output = await runChecked('pnpm', ['-r', 'ls', '--depth', '-1', '--json'], { cwd: ROOT })
  return JSON.parse(output)
    .filter((pkg) => !pkg.private && pkg.name)
    .map((pkg) => ({
      name: pkg.name,
      dir: pkg.path,
      manifest: readJson(join(pkg.path, 'package.json')),
    }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * Packs one package and lints the tarball.
 *
 * @returns `[name, tarball path]`, the path null when packing failed or was not possible
 */
async function checkTarball(pkg) {
  const built = await report.run(`${pkg.name}: built`, () => checkBuilt(pkg))
  if (!built) return [pkg.name, null]

  let tarball = null
  await report.run(`${pkg.name}: pnpm pack`, async () => {
    tarball = await pack(pkg)
    return { note: tarball }
  })
  if (!tarball) return [pkg.name, null]

  await Promise.all([
    report.run(`${pkg.name}: package.json and files`, () => checkPacked(pkg, tarball)),
    report.run(`${pkg.name}: publint --strict`, () => publint(tarball)),
    report.run(`${pkg.name}: attw --profile esm-only`, () => attw(tarball)),
  ])
  return [pkg.name, tarball]
}

function checkBuilt(pkg) {
  const entry = pkg.manifest.exports?.['.']?.default ?? pkg.manifest.main
  if (!entry) throw new Error('no entry point in "exports" or "main"')
  if (!existsSync(join(pkg.dir, entry))) throw new Error(`${entry} is missing: run \`pnpm build\``)
}

async function pack(pkg) {
  const args = ['pack', '--pack-destination', PACK_DIR, '--json']
  const output = await runChecked('pnpm', args, { cwd: pkg.dir })
  return JSON.parse(output.slice(output.indexOf('{'))).filename
}

async function checkPacked(pkg, tarball) {
  const dir = join(PACK_DIR, 'unpacked', pkg.name.replace(/[@/]/g, '-').replace(/^-/, ''))
  mkdirSync(dir, { recursive: true })
  await runChecked('tar', ['-xzf', tarball, '-C', dir])

  const root = join(dir, 'package')
  const files = listFiles(root)
  const { errors, warnings } = checkManifest(readJson(join(root, 'package.json')), root, files)
  if (errors.length > 0) throw new Error([...errors, ...warnings].join('\n'))
  return { note: `${files.length} files`, warnings }
}

async function publint(tarball) {
  const { code, output } = await runCommand(join(BIN, 'publint'), ['run', '--strict', tarball])
  if (code !== 0) throw new Error(output)
  if (!output.includes('All good!')) return { warnings: [output.trim()] }
}

async function attw(tarball) {
  const args = [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color']
  const { code, output } = await runCommand(join(BIN, 'attw'), args)
  if (code !== 0) throw new Error(output)
}

/** ESM, CommonJS and TypeScript use of @kairos/core from its tarball. */
async function checkCoreConsumer(tarballs) {
  const tarball = tarballs.get('@kairos/core')
  const label = 'consumer core'
  if (!tarball) return report.skip(label, 'no @kairos/core tarball')

  await withConsumer('core', async (project) => {
    project.addFixtures(
      'scenario.cjs',
      'core-esm.mjs',
      'core-cjs.cjs',
      'core-types.mts',
      'core-types.cts',
    )
    project.write(
      'tsconfig.json',
      JSON.stringify({ ...CONSUMER_TSCONFIG, include: ['*.mts', '*.cts'] }),
    )
    if (!(await installed(project, label, [tarball, TYPESCRIPT], ['@kairos/core', 'typescript'])))
      return

    await report.run(`${label}: ESM import round trip`, async () => ({
      note: (await project.exec('node', ['core-esm.mjs'])).trim(),
    }))
    await report.run(`${label}: CommonJS require round trip`, async () => {
      const output = (await project.exec('node', ['core-cjs.cjs'])).trim()
      return {
        note: output,
        warnings: output.includes('Warning') ? ['Node printed a warning'] : [],
      }
    })
    await report.run(`${label}: tsc --noEmit (nodenext, strict, .mts and .cts)`, () =>
      project.exec('npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json']),
    )
  })
}

/** A backend defined outside the monorepo passes the published conformance suite. */
async function checkConformanceConsumer(tarballs) {
  const core = tarballs.get('@kairos/core')
  const conformance = tarballs.get('@kairos/conformance')
  const label = 'consumer conformance'
  if (!core || !conformance) return report.skip(label, 'no core or conformance tarball')

  await withConsumer('conformance', async (project) => {
    project.addFixtures('conformance/delegating-backend.test.ts')
    project.write('tsconfig.json', JSON.stringify({ ...CONSUMER_TSCONFIG, include: ['*.ts'] }))
    const specs = [core, conformance, VITEST, TYPESCRIPT]
    const names = ['@kairos/core', '@kairos/conformance', 'vitest', 'typescript']
    if (!(await installed(project, label, specs, names))) return

    await report.run(`${label}: tsc --noEmit of the backend's test file`, () =>
      project.exec('npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json']),
    )
    await report.run(`${label}: npx vitest run`, () => runConformance(project))
  })
}

async function runConformance(project) {
  const reporters = ['--reporter=default', '--reporter=json', '--outputFile.json=report.json']
  await project.exec('npx', ['--no', '--', 'vitest', 'run', ...reporters])

  const result = readJson(join(project.dir, 'report.json'))
  if (result.numTotalTests === 0 || result.numPassedTests === 0) throw new Error('no test ran')
  if (result.numFailedTests > 0) throw new Error(`${result.numFailedTests} tests failed`)
  const others = result.numTotalTests - result.numPassedTests
  return {
    note: `${result.numPassedTests} of ${result.numTotalTests} tests passed`,
    warnings: others > 0 ? [`${others} tests were skipped or todo`] : [],
  }
}

/** A backend package loads next to its driver and shares the user's copy of core. */
async function checkBackendConsumer(pkg, tarballs) {
  const core = tarballs.get('@kairos/core')
  const tarball = tarballs.get(pkg.name)
  const label = `consumer ${pkg.name}`
  if (!core || !tarball) return report.skip(label, `no core or ${pkg.name} tarball`)

  const drivers = requiredPeers(pkg.name).filter((name) => name !== '@kairos/core')
  const specs = [core, tarball, ...drivers.map((name) => driverSpec(pkg.manifest, name))]
  const expected = EXPECTED_EXPORTS[pkg.name] ?? []

  await withConsumer(pkg.name.replace(/^@kairos\//, ''), async (project) => {
    project.addFixtures('backend-load.mjs', 'backend-load.cjs')
    if (!(await installed(project, label, specs, ['@kairos/core', pkg.name, ...drivers]))) return

    await report.run(`${label}: one copy of @kairos/core`, () => assertOneCore(project))
    await report.run(
      `${label}: ESM import of ${expected.join(', ') || 'its exports'}`,
      async () => ({
        note: (await project.exec('node', ['backend-load.mjs', pkg.name, ...expected])).trim(),
      }),
    )
    await report.run(`${label}: CommonJS require`, async () => ({
      note: (await project.exec('node', ['backend-load.cjs', pkg.name, ...expected])).trim(),
    }))
  })
}

// The driver version the workspace tests with, else the peer range.
function driverSpec(manifest, name) {
  const pinned = manifest.devDependencies?.[name]
  const version = /^\d/.test(pinned ?? '') ? pinned : manifest.peerDependencies?.[name]
  return version ? `${name}@${version}` : name
}

function assertOneCore(project) {
  const scope = join(project.dir, 'node_modules', '@kairos')
  const nested = readdirSync(scope).filter((name) =>
    existsSync(join(scope, name, 'node_modules', '@kairos', 'core')),
  )
  if (nested.length > 0) {
    throw new Error(`a second @kairos/core is nested under ${nested.join(', ')}`)
  }
}

/** Runs `use` on a fresh consumer project and removes the project afterwards. */
async function withConsumer(label, use) {
  const project = new ConsumerProject(label, ROOT)
  try {
    await use(project)
  } finally {
    if (KEEP) console.log(`kept ${project.dir}`)
    else project.remove()
  }
}

/** Installs into a consumer and proves it resolves nothing from the monorepo. */
async function installed(project, label, specs, names) {
  const ok = await report.run(`${label}: npm install ${specs.map(shortSpec).join(' ')}`, () =>
    project.install(specs),
  )
  if (!ok) return false

  const absent = Object.keys(rootManifest.devDependencies).filter((name) => !names.includes(name))
  return report.run(`${label}: isolated from the monorepo's node_modules`, () => {
    project.assertIsolated(absent, names)
    return { note: `${absent.join(', ')} do not resolve; the installed packages resolve inside` }
  })
}

function shortSpec(spec) {
  return spec.startsWith(PACK_DIR) ? spec.slice(PACK_DIR.length + 1) : spec
}

function listFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort()
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'))
}
