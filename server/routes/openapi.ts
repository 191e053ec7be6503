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
    paths[path][operation.method] = {
      summary: operation.summary,
      description: operation.roles?.length
        ? `${accessDescriptions[operation.access]} Roles: ${operation.roles.join(', ')}.`
        : accessDescriptions[operation.access],
      tags: [operation.tag],
      ...(operation.access === 'public' ? { security: [] } : {}),
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
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
    security: [{ bearer: [] }],
  };
}
