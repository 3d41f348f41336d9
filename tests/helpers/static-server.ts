// A plain static file server (node:http, no rewrites, no fallback page): serves a folder under a
// URL prefix such as /a/b/rnn/, as a school's web space or GitHub Pages would, so the tests and
// the load benchmark check that the build works below any path.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** The page's URL: http://127.0.0.1:PORT/<prefix> */
  url: string;
  /** Every path requested, in order (to check that nothing was asked for outside the prefix). */
  requested: string[];
  /** Serves `file` (a path inside the folder) changed by `edit` from now on: a new deployment. */
  change(file: string, edit: (text: string) => string): void;
  port: number;
  close(): Promise<void>;
}

/** Serves `dir` under `prefix` (which starts and ends with '/') on localhost: on `port`, or on a
 *  free one. */
export async function serveStatic(dir: string, prefix: string, port = 0): Promise<StaticServer> {
  const requested: string[] = [];
  const changed = new Map<string, (text: string) => string>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requested.push(path);
    const inside = path.startsWith(prefix) ? normalize(path.slice(prefix.length)) : null;
    if (inside === null || inside.startsWith('..')) {
      res.writeHead(404).end();
      return;
    }
    const file = join(dir, inside === '.' || inside === '' ? 'index.html' : inside);
    const edit = changed.get(file);
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(edit ? edit(body.toString('utf8')) : body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the static server has no port');
  return {
    url: `http://127.0.0.1:${address.port}${prefix}`,
    requested,
    port: address.port,
    change: (file, edit) => changed.set(join(dir, file), edit),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
