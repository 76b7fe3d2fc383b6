import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCollector, type Collector, type CollectorOptions, type Handler } from './handler.js';
import { readSettings, type Settings } from './settings.js';
import { openPglite, openPostgres, type SqlClient } from './sql.js';

export interface ServerOptions {
  handler: Handler;
  port?: number;
  /** Default 127.0.0.1: listen on other interfaces only when asked. */
  host?: string;
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

const HOST_SAFE = /^[a-z0-9.\-:[\]]+$/i;

/** node:http request → Fetch Request; the body streams, and `signal` aborts when the client goes away. */
export function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const host = req.headers.host && HOST_SAFE.test(req.headers.host) ? req.headers.host : 'localhost';
  const path = req.url && req.url.startsWith('/') ? req.url : '/';
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || k.startsWith(':')) continue;
    if (Array.isArray(v)) for (const x of v) headers.append(k, x);
    else headers.set(k, v);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let body: ReadableStream<Uint8Array> | null = null;
  if (hasBody) {
    body = new ReadableStream<Uint8Array>({
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          try {
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          } catch {
            /* cancelled */
          }
          if ((controller.desiredSize ?? 1) <= 0) req.pause();
        });
        req.on('end', () => {
          try {
            controller.close();
          } catch {
            /* cancelled */
          }
        });
        req.on('error', (err) => {
          try {
            controller.error(err);
          } catch {
            /* cancelled */
          }
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        // The handler stopped reading (body too large): discard the rest, the reply closes the connection.
        req.removeAllListeners('data');
        req.resume();
      },
    });
  }
  let url: URL;
  try {
    url = new URL(`http://${host}${path}`);
  } catch {
    url = new URL('http://localhost/');
  }
  return new Request(url, { method, headers, body, signal, ...(body ? { duplex: 'half' } : {}) } as RequestInit);
}

async function writeResponse(res: ServerResponse, response: Response, closeAfter: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((v, k) => {
    headers[k] = v;
  });
  if (closeAfter) headers.connection = 'close';
  if (response.statusText) res.writeHead(response.status, response.statusText, headers);
  else res.writeHead(response.status, headers); // Node supplies the standard reason phrase
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on('close', () => {
    reader.cancel().catch(() => {});
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
    }
  } catch {
    /* client went away */
  }
  res.end();
}

/** Serves a Fetch handler on node:http (loopback by default). */
export function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = createServer((req, res) => {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    let request: Request;
    try {
      request = toRequest(req, abort.signal);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"code":"bad-request","message":"request: could not be read"}}');
      return;
    }
    options
      .handler(request, req.socket.remoteAddress ? { remoteAddress: req.socket.remoteAddress } : {})
      .then((response) => writeResponse(res, response, !req.complete))
      .then(() => {
        if (!req.complete) req.destroy();
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end();
      });
  });
  server.headersTimeout = 15_000;
  server.requestTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => {
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        server,
        port: addr.port,
        url: `http://${host}:${addr.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

export interface StartedCollector {
  settings: Settings;
  sql: SqlClient;
  collector: Collector;
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * Everything `feedbackkit-collector` does, for embedding (the demo adds `assets`): read the
 * environment, open PostgreSQL or PGlite, migrate, listen, and purge expired data daily.
 */
export async function startFromEnv(env: Record<string, string | undefined> = process.env, extra: Partial<Omit<CollectorOptions, 'sql'>> = {}): Promise<StartedCollector> {
  const settings = readSettings(env);
  const sql = settings.databaseUrl
    ? await openPostgres({ connectionString: settings.databaseUrl, ...(settings.pgWorkMem !== undefined ? { workMem: settings.pgWorkMem } : {}) })
    : await openPglite(settings.dataDir);
  const collector = createCollector({
    sql,
    siteKeys: settings.siteKeys.map((key) => ({ key, origins: settings.allowedOrigins })),
    adminTokens: settings.adminTokens,
    allowedOrigins: settings.allowedOrigins,
    ...extra,
  });
  await collector.ready;
  const server = await startServer({ handler: collector.handle, port: settings.port, host: settings.host });
  const purge = setInterval(() => {
    collector.purgeExpired().catch(() => {});
  }, 86_400_000);
  purge.unref();
  return {
    settings,
    sql,
    collector,
    server,
    async close() {
      clearInterval(purge);
      await collector.close();
      await server.close();
      await sql.close();
    },
  };
}
