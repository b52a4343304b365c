export type { ConformanceOptions } from './conformance-options.js'
export { describeConformance } from './describe-conformance.js'
