import Router from '@koa/router';
import type { Connection } from 'mongoose';
import type { AppState } from '../http/app-state.js';
import { httpProblem } from '../http/problem.js';

/** How long the store gets to answer a ping before the service reports itself unhealthy. */
const pingTimeoutMs = 1000;

/** `GET /healthz`: up when the store answers a ping in time, for load balancers and uptime checks. */
export function healthRoutes(deps: { connection: Connection }): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/healthz', async (ctx) => {
    try {
      await pingStore(deps.connection, pingTimeoutMs);
    } catch (error) {
      throw httpProblem(503, {
        detail: 'The store is not answering.',
        extensions: { store: 'down' },
        cause: error,
      });
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok', store: 'up' };
  });
  return router;
}

async function pingStore(connection: Connection, timeoutMs: number): Promise<void> {
  const db = connection.db;
  if (!db || connection.readyState !== 1)
    throw new Error(`mongoose connection state ${connection.readyState}`);
  let timer: NodeJS.Timeout | undefined;
  const ping = db.command({ ping: 1 });
  // The driver may keep retrying after we have given up; its eventual failure is not news.
  ping.catch(() => {});
  try {
    await Promise.race([
      ping,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`store ping took over ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
