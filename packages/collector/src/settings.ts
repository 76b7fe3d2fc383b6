/** Settings read from the environment (see README "Settings"). */
export interface Settings {
  port: number;
  host: string;
  /** PostgreSQL connection string; absent → embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  siteKeys: string[];
  adminTokens: string[];
  allowedOrigins: string[];
  /**
   * `work_mem` for each PostgreSQL connection (FEEDBACKKIT_PG_WORK_MEM): undefined = the
   * default (64 MB), `false` (`off`) = no session `SET`, for PgBouncer in transaction pooling.
   */
  pgWorkMem: string | false | undefined;
  /** Which secrets were generated because the environment had none (print them for the demo). */
  generated: { siteKey: boolean; adminToken: boolean };
}

function list(v: string | undefined): string[] {
  return (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** 24 random bytes, base64url: 192 bits, for demo keys and tokens. */
export function randomSecret(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `${prefix}${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/**
 * PORT (8787), HOST (127.0.0.1), DATABASE_URL, FEEDBACKKIT_DATA_DIR (./.data/collector),
 * FEEDBACKKIT_SITE_KEY and FEEDBACKKIT_ADMIN_TOKEN (comma-separated lists; generated when
 * absent), FEEDBACKKIT_ALLOWED_ORIGINS (comma-separated origins, `*` for any),
 * FEEDBACKKIT_PG_WORK_MEM (`off`, or a memory setting such as `128MB`, checked when PostgreSQL
 * is opened). Throws on a PORT that is not a port number.
 */
export function readSettings(env: Record<string, string | undefined>): Settings {
  const portText = env.PORT ?? '8787';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT: ${JSON.stringify(portText)} is not a port number (0–65535)`);
  const siteKeys = list(env.FEEDBACKKIT_SITE_KEY);
  const adminTokens = list(env.FEEDBACKKIT_ADMIN_TOKEN);
  const generated = { siteKey: siteKeys.length === 0, adminToken: adminTokens.length === 0 };
  if (generated.siteKey) siteKeys.push(randomSecret('fk_site_'));
  if (generated.adminToken) adminTokens.push(randomSecret('fk_admin_'));
  for (const t of adminTokens) if (t.length < 16) throw new Error('FEEDBACKKIT_ADMIN_TOKEN: each token must be at least 16 characters');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.FEEDBACKKIT_DATA_DIR || './.data/collector',
    siteKeys,
    adminTokens,
    allowedOrigins: list(env.FEEDBACKKIT_ALLOWED_ORIGINS),
    pgWorkMem: workMemSetting(env.FEEDBACKKIT_PG_WORK_MEM),
    generated,
  };
}

function workMemSetting(v: string | undefined): string | false | undefined {
  const text = (v ?? '').trim();
  if (text === '') return undefined;
  return text.toLowerCase() === 'off' ? false : text;
}
