import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'test-servers',
    include: ['test/**/*.test.ts'],
    // Starting a cluster or a first container takes seconds; each test also sets its own bound.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
