import type { ApiRouter, OperationDoc } from '../http/api-router.js';
import { fieldErrorCodes } from '../domain/errors.js';
import type { ApiDeps } from './api-deps.js';

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; validation problems list every bad field in `errors`.',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'code', 'message'],
        properties: {
          field: { type: 'string', description: 'The bad field, as a dotted path (`tags.good.0`).' },
          code: {
            type: 'string',
            enum: fieldErrorCodes,
            description:
              'What is wrong, as a stable code to word in the user’s language (new codes may be added: treat an unknown one as `invalid`).',
          },
          message: { type: 'string', description: 'What is wrong, in English, for developers.' },
          limit: {
            type: 'integer',
            description: 'The bound, for codes that have one (`too-long`: characters).',
          },
        },
      },
    },
  },
  required: ['type', 'title', 'status'],
};

const problemContent = {
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

const accessDescriptions: Record<OperationDoc['access'], string> = {
  public: 'Anyone.',
  'signed-in':
    'A signed-in account (`Authorization: Bearer <session token>`); the role and scope rules are in the description.',
  author: "The story's author (`Authorization: Bearer <author key>`).",
  'signed-in-or-author': "A signed-in account or the story's author (bearer session token or author key).",
};

/**
 * The three kinds of bearer credential, told apart by their prefix. OpenAPI lets a non-OAuth scheme
 * list the roles an operation needs, which is how an operation names the API key scope it takes.
 */
const securitySchemes = {
  sessionToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'cls_…',
    description:
      'Staff, stakeholders, moderators and admins: the session token `POST /sessions` answers with (`cls_…`).',
  },
  authorKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'cla_…',
    description:
      "A story's author: the private author key `POST /stories` answers with (`cla_…`), shown once.",
  },
  partnerApiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'clk_…',
    description:
      "A partner's read-only API key (`clk_…`), created by an admin (`POST /api-keys`) for one board and shown once. Scopes: `stories:read` (the board's published stories), `stories:read-staff` (also their criticality and progress). Every keyed answer carries `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers) for the key's own limit; past it, 429 with `Retry-After`.",
  },
};

/** Who an operation lets in, as OpenAPI security requirements (`{}`: no credential needed). */
function securityOf(operation: OperationDoc): object[] {
  const keyed = operation.apiKeyScope ? [{ partnerApiKey: [operation.apiKeyScope] }] : [];
  if (operation.access === 'public') return keyed.length === 0 ? [] : [{}, ...keyed];
  if (operation.access === 'signed-in') return [{ sessionToken: [] }, ...keyed];
  if (operation.access === 'author') return [{ authorKey: [] }, ...keyed];
  return [{ sessionToken: [] }, { authorKey: [] }, ...keyed];
}

/** `GET /api/v1/openapi.json`: OpenAPI 3.1, generated from the very schemas the validators use. */
export function registerOpenApiRoute(api: ApiRouter, deps: ApiDeps): void {
  let document: object | undefined;
  api.router.get('/openapi.json', (ctx) => {
    document ??= buildOpenApi(api.operations, deps.config.publicUrl);
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = document;
  });
}

export function buildOpenApi(operations: OperationDoc[], publicUrl: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const operation of operations) {
    const path = operation.path.replace(/:(\w+)/g, '{$1}');
    const pathParameters = Object.entries(operation.params).map(([name, schema]) => ({
      name,
      in: 'path',
      required: true,
      schema,
    }));
    const queryParameters = Object.entries(
      (operation.query as { properties?: Record<string, object> } | undefined)?.properties ?? {},
    ).map(([name, schema]) => ({
      name,
      in: 'query',
      required: ((operation.query as { required?: string[] }).required ?? []).includes(name),
      schema,
    }));
    const headerParameters = Object.entries(operation.headers).map(([name, header]) => ({
      name,
      in: 'header',
      required: header.required ?? false,
      description: header.description,
      schema: header.schema,
    }));
    const responses: Record<string, object> = {};
    for (const [status, response] of Object.entries(operation.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema
          ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } }
          : Number(status) >= 400
            ? problemContent
            : {}),
      };
    }
    responses.default = {
      description: 'A problem (bad input, not allowed, not found, too many requests...).',
      ...problemContent,
    };
    paths[path] ??= {};
    const access = operation.roles?.length
      ? `${accessDescriptions[operation.access]} Roles: ${operation.roles.join(', ')}.`
      : accessDescriptions[operation.access];
    paths[path][operation.method] = {
      summary: operation.summary,
      description: operation.apiKeyScope
        ? `${access} Also a partner's API key with \`${operation.apiKeyScope}\`, for its own board.`
        : access,
      tags: [operation.tag],
      security: securityOf(operation),
      parameters: [...pathParameters, ...queryParameters, ...headerParameters],
      ...(operation.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: operation.body } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'careloop API',
      version: '1',
      description:
        'Patient and carer stories, moderated before publication, routed to the services they are about, answered in public.',
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes,
    },
    security: [{ sessionToken: [] }],
  };
}
