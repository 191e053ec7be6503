import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebSubHub {
  url: string;
  /** Every publish ping received, as its form fields (`hub.mode`, `hub.url`), in order. */
  pings: URLSearchParams[];
  /** The feed URLs pinged, in order. */
  pingedUrls(): string[];
  close(): Promise<void>;
}

/** A WebSub hub on loopback that records the publishers' pings and answers 204, as a hub does. */
export async function startWebSubHub(): Promise<WebSubHub> {
  const pings: URLSearchParams[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      pings.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hub`,
    pings,
    pingedUrls: () => pings.map((ping) => ping.get('hub.url') ?? ''),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
