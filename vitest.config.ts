import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores on CI machines: keep parallelism modest so sandbox timing tests stay stable.
    maxWorkers: 2,
  },
});
