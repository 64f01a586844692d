import { defineConfig } from 'vitest/config';

// Three levels: unit (pure logic, no SpatiaLite), integration (real SpatiaLite, workers, CLI), e2e (the built app
// in browser mode driven in Debian's Chromium). `npm test` runs all three after building.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'renderer/src/**/*.spec.ts', 'shared/**/*.spec.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
      {
        test: {
          name: 'e2e', include: ['tests/e2e/**/*.e2e.test.ts'], testTimeout: 180_000, hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
