/**
 * A throwaway PostgreSQL cluster for tests, from Debian's binaries: initdb + pg_ctl in a
 * temporary folder, on a free loopback port, socket in the same folder, fsync off. As root
 * the server runs as the `postgres` user (PostgreSQL refuses to run as root).
 * Returns null only when no PostgreSQL binaries are installed.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgServer {
  /** Connection string of a fresh database. */
  url: string;
  /** Creates another empty database and returns its connection string. */
  createDatabase(name: string): string;
  stop(): void;
}

function findBinaries(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')) && existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(base, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPgServer(): Promise<PgServer | null> {
  const bin = findBinaries();
  if (bin === null) return null;
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'fk-pg-'));
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]) => {
    const file = join(bin, cmd);
    if (root) execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' });
    else execFileSync(file, args, { stdio: 'pipe' });
  };
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'fk', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    run('pg_ctl', [
      '-D', data,
      '-l', join(dir, 'server.log'),
      '-w', '-t', '60',
      '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`,
      'start',
    ]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`could not start PostgreSQL from ${bin}: ${e.stderr?.toString() || e.message}`);
  }
  const base = `postgres://fk@127.0.0.1:${port}`;
  let stopped = false;
  return {
    url: `${base}/postgres`,
    createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name} is not a plain identifier`);
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'fk', name]);
      return `${base}/${name}`;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
