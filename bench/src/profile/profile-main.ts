import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { summariseCpuProfile } from './cpu-profile-summary.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const MAIN = fileURLToPath(new URL('../main.js', import.meta.url))
const PROFILES = join(ROOT, '.cache', 'bench-profiles')
const TOP = 30

/**
 * Profiles the memory backend's ingest phase with `node --cpu-prof` and prints the functions
 * with the most self time, located in the TypeScript sources. Profiles and the run's results
 * go under the repository's git-ignored `.cache/bench-profiles/`. Arguments after `--` are
 * passed to the benchmark, such as `--events 1000000`.
 */
function main(): void {
  mkdirSync(PROFILES, { recursive: true })
  const started = Date.now()
  const args = process.argv.slice(2).filter((arg) => arg !== '--')

  const run = spawnSync(
    process.execPath,
    [
      '--cpu-prof',
      `--cpu-prof-dir=${PROFILES}`,
      MAIN,
      ...['--backends', 'memory', '--phases', 'ingest', '--store-memory', 'off'],
      ...['--out', join(PROFILES, 'results')],
      ...args,
    ],
    { stdio: 'inherit' },
  )
  if (run.status !== 0) throw new Error(`the profiled run failed with status ${run.status}`)

  const profile = newestProfile(started)
  const hot = summariseCpuProfile(profile, ROOT)
  console.log(`\nTop ${TOP} functions by self time in ${profile}\n`)
  console.log('  self ms   share  function  (where it starts; its hottest line)')
  for (const { name, location, hottestLine, selfMs, share } of hot.slice(0, TOP)) {
    const percent = `${(share * 100).toFixed(1)}%`
    const where = hottestLine === undefined ? location : `${location}; line ${hottestLine}`
    console.log(`${selfMs.toFixed(0).padStart(9)} ${percent.padStart(7)}  ${name}  (${where})`)
  }
}

function newestProfile(since: number): string {
  const profiles = readdirSync(PROFILES)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(PROFILES, name))
    .filter((path) => statSync(path).mtimeMs >= since)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  const newest = profiles[0]
  if (newest === undefined) throw new Error(`no new profile in ${PROFILES}`)
  return newest
}

try {
  main()
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
}
