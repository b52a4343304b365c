// A throwaway npm project outside the monorepo, where packages resolve only from what npm
// installed into it, as on a user's machine.
import { copyFileSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, delimiter, join, sep } from 'node:path'
import { runChecked } from './run-command.mjs'

const FIXTURES = join(import.meta.dirname, 'fixtures')

/**
 * What `pnpm run` sets for its scripts: its own state, and its whole configuration as
 * `npm_config_*` (its global config path, node-gyp, `yes`, …), which npm would misread.
 */
const RUNNER_VARIABLES = /^(pnpm_.*|npm_.*|node_path|init_cwd)$/i

/** Settings npm and pnpm share, kept so that npm reaches the same registry and cache. */
const SHARED_SETTINGS = new Set([
  'registry',
  'cafile',
  'ca',
  'proxy',
  'https_proxy',
  'noproxy',
  'strict_ssl',
  'cache',
  'userconfig',
])

/** A consumer project in the system's temporary folder, removed by `remove()`. */
export class ConsumerProject {
  /**
   * @param label - part of the folder name
   * @param root - the monorepo root, kept out of the child processes' reach
   */
  constructor(label, root) {
    this.root = root
    this.dir = realpathSync(mkdtempSync(join(tmpdir(), `kairos-consumer-${label}-`)))
    this.env = isolatedEnv(root)
    writeFileSync(
      join(this.dir, 'package.json'),
      `${JSON.stringify({ name: `consumer-${label}`, private: true, type: 'module' }, null, 2)}\n`,
    )
  }

  /**
   * Copies fixture files into the project.
   *
   * @param files - paths under the fixtures folder; each lands at the project's top
   */
  addFixtures(...files) {
    for (const file of files) copyFileSync(join(FIXTURES, file), join(this.dir, basename(file)))
  }

  /** Writes a file into the project. */
  write(file, text) {
    writeFileSync(join(this.dir, file), text)
  }

  /**
   * Installs with npm: tarball paths and registry specs alike. The shared npm cache makes
   * repeated runs fast.
   */
  install(specs) {
    const flags = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']
    return this.exec('npm', ['install', ...flags, ...specs])
  }

  /** Runs a program in the project and rejects with its output when it fails. */
  exec(command, args) {
    return runChecked(command, args, { cwd: this.dir, env: this.env })
  }

  /**
   * Proves the project resolves nothing from the monorepo: every name in `absent` must
   * fail to resolve from inside it, and every name in `installed` must resolve inside it.
   */
  assertIsolated(absent, installed) {
    const require = createRequire(join(this.dir, 'package.json'))
    for (const name of absent) {
      const found = tryResolve(require, `${name}/package.json`)
      if (found) throw new Error(`${name} resolves from the consumer project to ${found}`)
    }

    for (const name of installed) {
      const found = tryResolve(require, `${name}/package.json`)
      if (!found?.startsWith(this.dir + sep)) {
        throw new Error(`${name} resolves to ${found ?? 'nothing'}, not inside ${this.dir}`)
      }
    }
  }

  remove() {
    rmSync(this.dir, { recursive: true, force: true })
  }
}

function isSharedSetting(key) {
  const setting = key.toLowerCase().replace(/^npm_config_/, '')
  return (
    setting !== key.toLowerCase() &&
    (SHARED_SETTINGS.has(setting) || /^@.+:registry$/.test(setting))
  )
}

function tryResolve(require, specifier) {
  try {
    return realpathSync(require.resolve(specifier))
  } catch {
    return null
  }
}

// The child processes must not find the monorepo's tools: drop its folders from PATH and the
// variables pnpm set for this script. npm reads the user's .npmrc files itself.
function isolatedEnv(root) {
  const env = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!RUNNER_VARIABLES.test(key) || isSharedSetting(key)) env[key] = value
  }

  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => entry !== root && !entry.startsWith(root + sep))
    .join(delimiter)
  return env
}
