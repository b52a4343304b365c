// Fails CI when a backend's conformance run is missing or any of its tests did not run, so
// that a backend can never pass by not running. Tests outside the suite that only apply to
// servers this machine lacks (real MongoDB, Docker) are listed, not failed.
import { readFileSync } from 'node:fs'

const SUITE = 'kairos conformance: '
const REQUIRED_TARGETS = ['memory', 'redis (single)', 'redis (cluster)', 'mongo (']

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const tests = report.testResults.flatMap((file) => file.assertionResults)
const notRun = (test) => test.status !== 'passed' && test.status !== 'failed'
const inSuite = (test) => (test.ancestorTitles[0] ?? '').startsWith(SUITE)
const problems = []

for (const test of tests.filter((t) => notRun(t) && !inSuite(t))) {
  console.log(`not run here (needs another server): ${test.fullName}`)
}
const skippedInSuite = tests.filter((t) => notRun(t) && inSuite(t))
if (skippedInSuite.length > 0) {
  const examples = skippedInSuite.slice(0, 5).map((t) => t.fullName)
  problems.push(
    `${skippedInSuite.length} conformance tests did not run, e.g. ${examples.join('; ')}`,
  )
}

for (const target of REQUIRED_TARGETS) {
  const ran = tests.filter(
    (test) => test.status === 'passed' && test.ancestorTitles[0]?.startsWith(SUITE + target),
  )
  if (ran.length === 0) problems.push(`the conformance suite did not run against ${target}`)
  else
    console.log(`conformance ${ran[0].ancestorTitles[0].slice(SUITE.length)}: ${ran.length} passed`)
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`CI check failed: ${problem}`)
  process.exit(1)
}
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`)
