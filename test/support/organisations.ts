import { readFileSync } from 'node:fs';
import { silentLogger } from '../../server/log.js';
import type { Models } from '../../server/models/index.js';
import type { ServiceTree } from '../../server/services/organisation-tree.js';
import { OrganisationService } from '../../server/services/organisations.js';
import type { TestApp } from './app.js';
import { scotlandServicesFile } from './stories.js';

/** The sample NHS Scotland tree, as the file holds it. */
export function scotlandTree(): ServiceTree {
  return JSON.parse(readFileSync(scotlandServicesFile, 'utf8')) as ServiceTree;
}

/** An OrganisationService on the app's own store, for the questions other services ask of the tree. */
export function organisationServiceOf(app: TestApp): OrganisationService {
  return new OrganisationService({
    config: app.config,
    logger: silentLogger(),
    models: { organisations: app.connection.model('Organisation') } as Models,
  });
}

export interface JsonReply {
  status: number;
  contentType: string;
  // Tests look into the bodies they expect; a wrong guess fails the assertion, not the compiler.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A request to `/api/v1<path>` with an optional JSON body and headers; answers status and parsed body. */
export async function callApi(
  app: TestApp,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonReply> {
  const response = await fetch(`${app.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: text ? JSON.parse(text) : undefined,
  };
}
