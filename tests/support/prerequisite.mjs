// What a suite needs from outside itself (a built dist/, PostgreSQL's binaries). On a
// developer's machine a missing piece skips that suite with a warning; under CI (`npm test`
// builds first and installs the system packages) it is a failure, never a silent skip.
import { existsSync } from 'node:fs';

const ci = process.env.CI === 'true' || process.env.CI === '1';

/**
 * @param {boolean} present whether the prerequisite is there
 * @param {string} what what is missing and how to get it, for the message
 * @returns {boolean} present (false: the caller skips)
 */
export function prerequisite(present, what) {
  if (present) return true;
  if (ci) throw new Error(`${what} — required under CI`);
  console.warn(`skipped: ${what}`);
  return false;
}

/** `prerequisite` for built files: true when every one of `files` exists. */
export function built(label, files) {
  const missing = files.filter((f) => !existsSync(f));
  return prerequisite(missing.length === 0, `${label}: ${missing.join(', ')} missing (run npm run build)`);
}
