import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One POST the receiver got, and whether its signature verified with the real `standardwebhooks` package. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever was delivered
  payload: any;
}

/** How the receiver answers a request: a status, a Location, after a delay. */
export interface Answer {
  status: number;
  location?: string;
  delayMs?: number;
}

/**
 * A webhook receiver on loopback, as a board's own system would run one: it verifies every delivery
 * with the Standard Webhooks reference package (not careloop's code) under the secret it is given, and
 * answers as the test says. It can go down and come back on the same port.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** The endpoint's secret (`whsec_…`), once registered. */
  secret = '';
  answer: (path: string) => Answer = () => ({ status: 204 });
  port = 0;
  private server: Server | undefined;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let verified = false;
        try {
          new Webhook(this.secret).verify(body, request.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        let payload: unknown;
        try {
          payload = JSON.parse(body);
        } catch {
          payload = undefined;
        }
        const path = request.url ?? '';
        this.received.push({ path, headers: request.headers, body, verified, payload });
        const answer = this.answer(path);
        const reply = () => {
          if (response.destroyed) return;
          response.writeHead(answer.status, answer.location ? { location: answer.location } : {});
          response.end();
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs).unref();
        else reply();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Goes down: nothing listens on the port until `start()` again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** The deliveries that reached `path` (default: the endpoint's). */
  at(path = '/hooks'): ReceivedWebhook[] {
    return this.received.filter((request) => request.path === path);
  }
}
