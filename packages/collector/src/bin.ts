#!/usr/bin/env node
// feedbackkit-collector: the reference backend on node:http. Settings come from the
// environment (README "Settings"); secrets that are absent are generated and printed.
import { startFromEnv } from './server.js';

const started = await startFromEnv(process.env).catch((err: unknown) => {
  process.stderr.write(`feedbackkit-collector: ${(err as Error).message}\n`);
  process.exit(1);
});
const { settings, server } = started;
const out = (line: string) => process.stdout.write(`${line}\n`);
out(`feedbackkit-collector listening on ${server.url}`);
out(`  database: ${settings.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${settings.dataDir}`}`);
if (settings.generated.siteKey) out(`  site key (generated, set FEEDBACKKIT_SITE_KEY to keep one): ${settings.siteKeys[0]}`);
if (settings.generated.adminToken) out(`  admin token (generated, set FEEDBACKKIT_ADMIN_TOKEN to keep one): ${settings.adminTokens[0]}`);
out(`  allowed origins: ${settings.allowedOrigins.length > 0 ? settings.allowedOrigins.join(', ') : '(same origin only)'}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    started.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
