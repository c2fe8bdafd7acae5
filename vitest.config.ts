// Test runner: unit, integration (real server processes) and browser (real Chromium) projects.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/support/global-setup.ts'],
    // The usual output, then each project's wall time (tests/support/project-times.ts).
    reporters: ['default', './tests/support/project-times.ts'],
    // Integration files spend most of their time waiting on server processes, coturn and the
    // relay's timers, so three run side by side even on two cores (vitest's default here is one).
    // The browser project runs its files one at a time regardless (fileParallelism: false).
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 10_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          fileParallelism: false,
          // After unit and integration: a ten-person call needs both cores to itself.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
