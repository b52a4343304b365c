import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    name: 'redis',
    include: ['test/**/*.test.ts'],
    // One Redis server and one three-master cluster serve every live test file.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
