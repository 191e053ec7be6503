import Router, { type RouterContext } from '@koa/router';
import type { ValidateFunction } from 'ajv';
import type { AppState } from './app-state.js';
import { assertValid, compileSchema } from '../schemas/ajv.js';
import type { Role } from '../models/roles.js';
import { requireUser } from '../auth/require.js';
import { httpProblem } from '../problem.js';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** Who may call an operation, as the OpenAPI description tells clients. */
export type Access = 'public' | 'signed-in' | 'author' | 'signed-in-or-author';

export interface OperationResponse {
  description: string;
  /** JSON Schema of the body; omitted for empty replies. */
  schema?: object;
  contentType?: string;
}

/** One API operation: its HTTP surface, its schemas (which both validate and document it) and handler. */
export interface RouteSpec<Body, Query> {
  method: HttpMethod;
  /** Koa-style path below /api/v1, e.g. `/stories/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  /** For signed-in access: the roles allowed (none listed: any account). Checked before the body is. */
  roles?: Role[];
  /** Request headers the operation reads, for the OpenAPI description. */
  headers?: Record<string, { description: string; schema: object; required?: boolean }>;
  /** JSON Schema of the request body; the handler gets it validated. */
  body?: object;
  /** JSON Schema (type object, string-valued properties) of the query string. */
  query?: object;
  /**
   * True for a write no public answer (feed, public list or thread) shows, such as a story told: the
   * public caches then keep their pages without reading the change stamp again.
   */
  leavesPublicContent?: true;
  responses: Record<number, OperationResponse>;
  handler: (ctx: ApiContext, input: { body: Body; query: Query }) => Promise<void> | void;
}

export type ApiContext = RouterContext<AppState>;

/** What the OpenAPI document is built from. */
export interface OperationDoc {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  roles?: Role[];
  headers?: Record<string, { description: string; schema: object; required?: boolean }>;
  body?: object;
  query?: object;
  responses: Record<number, OperationResponse>;
}

/**
 * The /api/v1 router. Every route is declared with its JSON Schemas: the same schema objects validate
 * requests (compiled once, by the one Ajv instance, when the route is declared at start-up) and
 * describe the API in /api/v1/openapi.json, so the two cannot drift apart.
 */
export class ApiRouter {
  readonly router = new Router<AppState>({ prefix: '/api/v1' });
  readonly operations: OperationDoc[] = [];

  route<Body = undefined, Query = Record<string, string | undefined>>(spec: RouteSpec<Body, Query>): void {
    const validateBody = spec.body ? compileSchema<Body>(spec.body) : undefined;
    const validateQuery = spec.query ? compileSchema<Query>(spec.query) : undefined;
    this.operations.push({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tag: spec.tag,
      access: spec.access,
      roles: spec.roles,
      headers: spec.headers,
      body: spec.body,
      query: spec.query,
      responses: spec.responses,
    });
    this.router[spec.method](spec.path, async (ctx) => {
      // Who may call comes first: someone not allowed learns nothing from validation errors.
      authorize(ctx, spec.access, spec.roles ?? []);
      const body = validateBody
        ? assertValid(validateBody, ctx.request.body ?? {}, 'The request body has invalid fields.')
        : (undefined as Body);
      const query = validateQuery ? validQuery(validateQuery, ctx) : (ctx.query as Query);
      if (spec.leavesPublicContent) ctx.state.leavesPublicContent = true;
      await spec.handler(ctx, { body, query });
    });
  }
}

function authorize(ctx: ApiContext, access: Access, roles: Role[]): void {
  const { kind } = ctx.state.principal;
  if (access === 'signed-in') requireUser(ctx, ...roles);
  else if (access === 'author' && kind === 'user') {
    throw httpProblem(403, { detail: "Only the story's author can do this, with their private author key." });
  } else if (access === 'author' && kind !== 'authorKey') {
    throw httpProblem(401, {
      detail: "Use the story's private author key.",
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  } else if (access === 'signed-in-or-author' && kind === 'anonymous') {
    throw httpProblem(401, {
      detail: "Sign in, or use the story's private author key.",
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
}

/** Query strings arrive as strings (or arrays, when repeated): the schema sees exactly that. */
function validQuery<Query>(validate: ValidateFunction<Query>, ctx: ApiContext): Query {
  const query: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ctx.query)) query[name] = value;
  return assertValid(validate, query, 'The query string has invalid parameters.');
}
