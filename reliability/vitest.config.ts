import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'reliability',
    include: ['test/**/*.test.ts'],
    // One Redis, one Redis Cluster and one MongoDB-wire server serve the concurrency,
    // differential and regression files; the fault files start servers of their own.
    globalSetup: ['test/kit/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
