import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'mongo',
    include: ['test/**/*.test.ts'],
    // One MongoDB-compatible server serves every live test file; failure tests start their own.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
