import type { ValidateFunction } from 'ajv';
import { compileSchema } from '../../server/schemas/ajv.js';
import type { TestApp } from './app.js';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  /** The response's Content-Type, or '' without one. */
  contentType: string;
  /** The raw response text, for checks that nothing private appears anywhere in it. */
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the API answered
  body: any;
}

export interface ApiCallOptions {
  /** An account (its session token) or any bearer token: sent as `Authorization: Bearer <token>`. */
  as?: { token: string } | string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** Headers for a request as `account` (or with any bearer token). */
export function bearer(account: { token: string } | string): Record<string, string> {
  return { authorization: `Bearer ${typeof account === 'string' ? account : account.token}` };
}

/**
 * One request to `/api/v1<path>`, optionally as an account and with a JSON body. Every 2xx JSON answer is
 * checked against the response schema `/api/v1/openapi.json` documents for its operation and status, so
 * a test of any route also proves that clients written from the document can read what it answers.
 */
export async function callApi(
  app: TestApp,
  method: string,
  path: string,
  options: ApiCallOptions = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${app.baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.as === undefined ? {} : bearer(options.as)),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const answer = { status: response.status, headers: response.headers, contentType, text, body };
  // The document does not describe itself: every other JSON answer is an operation it documents.
  if (response.ok && /^application\/json\b/.test(contentType) && path !== '/openapi.json') {
    await expectDocumentedAnswer(app, method, path, answer);
  }
  return answer;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, OpenApiResponse> }>>;
}
interface OpenApiResponse {
  content?: Record<string, { schema: object }>;
}

/** Each app's document, read once; and each response schema, compiled once by the project's own Ajv. */
const documents = new Map<string, Promise<OpenApiDocument>>();
const validators = new Map<object, ValidateFunction>();

/** The 2xx JSON `answer` to `method path` is what the OpenAPI document says that operation answers. */
export async function expectDocumentedAnswer(
  app: TestApp,
  method: string,
  path: string,
  answer: { status: number; body: unknown },
): Promise<void> {
  const document = await documentOf(app);
  const pathname = new URL(path, 'http://api.invalid').pathname;
  const template = operationPath(Object.keys(document.paths), pathname);
  const where = `${method.toUpperCase()} ${template ?? pathname} answering ${answer.status}`;
  const operation = template ? document.paths[template][method.toLowerCase()] : undefined;
  if (!operation) throw new Error(`${where}: the operation is not in /api/v1/openapi.json`);
  const schema = operation.responses[answer.status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${where}: /api/v1/openapi.json documents no JSON body for this status`);
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = compileSchema(closed(schema) as object)));
  if (!validate(answer.body)) {
    const errors = (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || '(body)'} ${error.message}` +
        ('additionalProperty' in error.params ? `: ${String(error.params.additionalProperty)}` : ''),
    );
    throw new Error(
      `${where}: the body is not what /api/v1/openapi.json documents:\n  ${errors.join('\n  ')}`,
    );
  }
}

/**
 * `schema` with every object that lists its properties closed to others (`additionalProperties: false`
 * where it says nothing). The published document leaves answers open, so a field added later breaks no
 * client; the tests hold the service to it exactly, so a field a mapper adds without documenting it, a
 * private one above all, fails the test that sees it.
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)]));
  // Beside allOf/anyOf/oneOf a property may be listed in a branch: leave such an object as it is.
  const composed = 'allOf' in node || 'anyOf' in node || 'oneOf' in node;
  if ('properties' in node && !('additionalProperties' in node) && !composed)
    node.additionalProperties = false;
  return node;
}

/**
 * The service's API description. A 503 is the service shedding reads while its event loop runs late (a
 * fresh app on a loaded machine): asked again after its Retry-After, as the answer says a client should.
 */
async function fetchDocument(url: string): Promise<OpenApiDocument> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url);
    if (response.ok) return (await response.json()) as OpenApiDocument;
    if (response.status !== 503 || attempt === 5) throw new Error(`${url} answered ${response.status}`);
    const retryAfterSeconds = Number(response.headers.get('retry-after') ?? 1);
    await new Promise((resolve) => setTimeout(resolve, retryAfterSeconds * 1000));
  }
}

function documentOf(app: TestApp): Promise<OpenApiDocument> {
  let document = documents.get(app.baseUrl);
  if (!document) {
    document = fetchDocument(`${app.baseUrl}/api/v1/openapi.json`);
    documents.set(app.baseUrl, document);
  }
  return document;
}

/**
 * The documented path `pathname` is an instance of (`/stories/{id}` for `/stories/65f...`). A literal
 * segment beats a parameter, as in the router: `/services/export` is not `/services/{id}`.
 */
function operationPath(templates: string[], pathname: string): string | undefined {
  const segments = pathname.split('/');
  const matches = templates.filter((template) => {
    const parts = template.split('/');
    return (
      parts.length === segments.length &&
      parts.every((part, index) => /^\{\w+\}$/.test(part) || part === segments[index])
    );
  });
  const parameters = (template: string) => (template.match(/\{/g) ?? []).length;
  return matches.sort((a, b) => parameters(a) - parameters(b))[0];
}
