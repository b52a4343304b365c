// Fails CI when a test was skipped or a backend's conformance run is missing, so that a
// backend can never pass by not running.
import { readFileSync } from 'node:fs'

const REQUIRED_TARGETS = ['memory', 'redis (single)', 'redis (cluster)', 'mongo']

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const tests = report.testResults.flatMap((file) => file.assertionResults)
const skipped = tests.filter((test) => test.status !== 'passed' && test.status !== 'failed')
const problems = []

if (skipped.length > 0) {
  problems.push(`${skipped.length} tests did not run, e.g. ${skipped.slice(0, 5).map((t) => t.fullName).join('; ')}`)
}
for (const target of REQUIRED_TARGETS) {
  const ran = tests.filter((test) => test.status === 'passed' && test.ancestorTitles[0] === `kairos conformance: ${target}`)
  if (ran.length === 0) problems.push(`the conformance suite did not run against ${target}`)
  else console.log(`conformance: ${target}: ${ran.length} tests passed`)
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`CI check failed: ${problem}`)
  process.exit(1)
}
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`)
