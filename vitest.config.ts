import { defineConfig } from 'vitest/config'

// Each workspace package owns its vitest config; this file only lists them so that
// `vitest run` at the root runs every project, and fails if one is missing.
export default defineConfig({
  test: {
    projects: ['packages/*', 'conformance', 'test-servers', 'examples', 'reliability'],
  },
})
