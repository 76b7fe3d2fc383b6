import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their src/ through the '@feedbackkit/source' export
// condition, so unit tests never need a build.
// No 'import'/'module' here: Node 20 forwards conditions to require(), and with 'import' a CommonJS
// dependency such as pg would require() the ESM build of its own dependencies.
const conditions = ['@feedbackkit/source', 'node'];

export default defineConfig({
  resolve: { conditions },
  // Only for modules vitest transforms (workspace source). Dependencies it externalises load
  // through Node's own resolution, so `pg` and friends get their normal CommonJS entry points.
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.browser.test.ts'],
    setupFiles: ['tests/support/vitest-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
