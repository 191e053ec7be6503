import Router, { type RouterContext } from '@koa/router';
import type { ValidateFunction } from 'ajv';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import type { AppState } from './app-state.js';
import { idempotencyKeyHeader, idempotencyKeyOf } from './idempotency-key.js';
import { assertValid, compileSchema } from '../schemas/ajv.js';
import type { ApiKeyScope } from '../models/api-key.js';
import type { Role } from '../models/roles.js';
import type { Principal } from '../auth/principal.js';
import { objectIdPattern } from '../domain/object-id.js';
import { requireUser } from './require-user.js';
import { httpProblem } from './problem.js';
import { secondFactorEnrolmentRequiredType } from './second-factor-problems.js';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** Who may call an operation, as the OpenAPI description tells clients. */
export type Access = 'public' | 'signed-in' | 'author' | 'signed-in-or-author';

/**
 * How long an answer may be kept, set as `Cache-Control` on success (a handler that sets the header
 * itself wins): `no-store` for answers that change or are someone's own, `private` for those only the
 * requester may keep no copy of either (`private, no-store`), `no-cache` for public answers that must
 * be revalidated, `{ public: seconds }` for figures a little stale is fine for.
 */
export type CachePolicy = 'no-store' | 'private' | 'no-cache' | { public: number };

export interface OperationResponse {
  description: string;
  /** JSON Schema of the body; omitted for empty replies (problems get the Problem schema). */
  schema?: unknown;
  contentType?: string;
}

/** The record ids the store gives out: a malformed one names nothing, so it answers 404. */
export const objectIdParam = {
  type: 'string',
  pattern: objectIdPattern,
  description: 'An id as this API gives it out (24 lower-case hexadecimal digits).',
} as const;

/** `'/stories/:id/responses/:responseId'` → `'id' | 'responseId'`. */
export type PathParams<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

type UserPrincipal = Extract<Principal, { kind: 'user' }>;
type AuthorKeyPrincipal = Extract<Principal, { kind: 'authorKey' }>;

/** The principal a handler is handed: already narrowed by the route's access rule. */
export type PrincipalFor<A extends Access> = A extends 'signed-in'
  ? UserPrincipal
  : A extends 'author'
    ? AuthorKeyPrincipal
    : A extends 'signed-in-or-author'
      ? UserPrincipal | AuthorKeyPrincipal
      : Principal;

/** What a schema accepts, as a type; `undefined` when the route declares none. */
type Validated<Schema> = Schema extends JSONSchema ? FromSchema<Schema> : undefined;

/** What the router hands a handler, each part already checked. */
export interface RouteInput<Path extends string, A extends Access, BodySchema, QuerySchema> {
  body: Validated<BodySchema>;
  query: Validated<QuerySchema>;
  params: Record<PathParams<Path>, string>;
  principal: PrincipalFor<A>;
  /** The `Idempotency-Key` header of an `idempotent` route, when the client sent one. */
  idempotencyKey: string | undefined;
}

/** One API operation: its HTTP surface, its schemas (which both validate and document it) and handler. */
export interface RouteSpec<Path extends string, A extends Access, BodySchema, QuerySchema> {
  method: HttpMethod;
  /** Koa-style path below /api/v1, e.g. `/stories/:id`. */
  path: Path;
  summary: string;
  tag: string;
  access: A;
  /** For signed-in access: the roles allowed (none listed: any account). Checked before the body is. */
  roles?: Role[];
  /**
   * The scope a partner's API key (`clk_…`) needs to call this read. Without one, a request with an API
   * key is refused with 403: a key reads only what a route says it may, and never writes.
   */
  apiKeyScope?: ApiKeyScope;
  /**
   * True for the few routes a session that must first set up two-step sign-in may call (setting it up,
   * who am I, sign-out); every other route refuses such a session with a 403 saying so.
   */
  duringEnrolment?: true;
  /**
   * Schemas of path parameters (undeclared ones are any string). A value that does not match answers
   * 404 before the handler runs: a malformed id names nothing.
   */
  params?: Partial<Record<PathParams<Path>, JSONSchema & object>>;
  /** True for a POST that takes an `Idempotency-Key` header: documented and read here, once. */
  idempotent?: true;
  /** Request headers the operation reads, for the OpenAPI description. */
  headers?: Record<string, HeaderDoc>;
  /** JSON Schema of the request body; the handler gets it validated, and typed from the schema. */
  body?: BodySchema;
  /** JSON Schema (type object, string-valued properties) of the query string. */
  query?: QuerySchema;
  cache?: CachePolicy;
  /**
   * True for a write no public answer (feed, public list or thread) shows, such as a story told: the
   * public caches then keep their pages without reading the change stamp again.
   */
  leavesPublicContent?: true;
  /** The answers besides 401/403, which the access rule documents. */
  responses: NoInfer<Record<number, OperationResponse>>;
  handler: (
    ctx: ApiContext,
    input: NoInfer<RouteInput<Path, A, BodySchema, QuerySchema>>,
  ) => Promise<void> | void;
}

export type ApiContext = RouterContext<AppState>;

export interface HeaderDoc {
  description: string;
  schema: object;
  required?: boolean;
}

/** What the OpenAPI document is built from. */
export interface OperationDoc {
  method: HttpMethod;
  path: string;
  summary: string;
  tag: string;
  access: Access;
  roles?: Role[];
  apiKeyScope?: ApiKeyScope;
  params: Record<string, object>;
  headers: Record<string, HeaderDoc>;
  body?: object;
  query?: object;
  responses: Record<number, OperationResponse>;
}

/**
 * The /api/v1 router. Every route is declared with its JSON Schemas: the same schema objects validate
 * requests (compiled once, by the one Ajv instance, when the route is declared at start-up), type what
 * the handler receives, and describe the API in /api/v1/openapi.json, so the three cannot drift apart.
 * What every route would otherwise repeat happens here: the access check (and its 401/403 docs), path
 * parameters, the `Idempotency-Key` header and `Cache-Control`.
 */
export class ApiRouter {
  readonly router = new Router<AppState>({ prefix: '/api/v1' });
  readonly operations: OperationDoc[] = [];

  route<
    Path extends string,
    A extends Access,
    BodySchema extends JSONSchema | undefined = undefined,
    QuerySchema extends JSONSchema | undefined = undefined,
  >(spec: RouteSpec<Path, A, BodySchema, QuerySchema>): void {
    type Input = RouteInput<Path, A, BodySchema, QuerySchema>;
    const params = pathParamSchemas(spec.path, (spec.params ?? {}) as Record<string, object | undefined>);
    const validateParams = compileSchema<Input['params']>({
      type: 'object',
      properties: params,
      required: Object.keys(params),
    });
    const validateBody = spec.body ? compileSchema<Input['body']>(spec.body as object) : undefined;
    const validateQuery = spec.query ? compileSchema<Input['query']>(spec.query as object) : undefined;
    const notFound = spec.responses[404]?.description ?? 'There is nothing at this address.';
    this.operations.push({
      method: spec.method,
      path: spec.path,
      summary: spec.summary,
      tag: spec.tag,
      access: spec.access,
      roles: spec.roles,
      apiKeyScope: spec.apiKeyScope,
      params,
      headers: { ...(spec.idempotent ? { 'Idempotency-Key': idempotencyKeyHeader } : {}), ...spec.headers },
      body: spec.body as object | undefined,
      query: spec.query as object | undefined,
      responses: {
        ...(spec.apiKeyScope
          ? apiKeyResponses
          : withKeyRefusal(accessResponses(spec.access, spec.roles ?? []))),
        ...spec.responses,
      },
    });
    this.router[spec.method](spec.path, async (ctx) => {
      // Who may call comes first: someone not allowed learns nothing from validation errors.
      const principal = authorize(ctx, spec) as Input['principal'];
      if (ctx.state.principal.kind === 'user' && ctx.state.principal.enrolmentOnly && !spec.duringEnrolment) {
        throw httpProblem(403, {
          type: secondFactorEnrolmentRequiredType,
          detail: 'Set up two-step sign-in first: this account must use it.',
        });
      }
      if (!validateParams(ctx.params)) throw httpProblem(404, { detail: notFound });
      const body = validateBody
        ? assertValid(validateBody, ctx.request.body ?? {}, 'The request body has invalid fields.')
        : (undefined as Input['body']);
      const query = validateQuery ? validQuery(validateQuery, ctx) : (undefined as Input['query']);
      const idempotencyKey = spec.idempotent ? idempotencyKeyOf(ctx) : undefined;
      if (spec.leavesPublicContent) ctx.state.leavesPublicContent = true;
      await spec.handler(ctx, {
        body,
        query,
        params: ctx.params as Input['params'],
        principal,
        idempotencyKey,
      });
      if (spec.cache && !ctx.response.get('Cache-Control'))
        ctx.set('Cache-Control', cacheControl(spec.cache));
    });
  }
}

/** Every `:name` in the path with its schema: the declared one, else any string. */
function pathParamSchemas(
  path: string,
  declared: Record<string, object | undefined>,
): Record<string, object> {
  const schemas: Record<string, object> = {};
  for (const [, name] of path.matchAll(/:(\w+)/g)) schemas[name] = declared[name] ?? { type: 'string' };
  return schemas;
}

function cacheControl(policy: CachePolicy): string {
  if (policy === 'private') return 'private, no-store';
  if (typeof policy === 'string') return policy;
  return `public, max-age=${policy.public}`;
}

/** The refusals an access rule can answer with, for the OpenAPI description. */
function accessResponses(access: Access, roles: Role[]): Record<number, OperationResponse> {
  if (access === 'signed-in') {
    const notSignedIn = { 401: { description: 'Not signed in.' } };
    if (roles.length === 0) return notSignedIn;
    return { ...notSignedIn, 403: { description: `Signed in, but not as one of: ${roles.join(', ')}.` } };
  }
  if (access === 'author') {
    return {
      401: { description: "No author key: this needs the story's author key." },
      403: { description: 'Signed in as an account: only the author can do this.' },
    };
  }
  if (access === 'signed-in-or-author') return { 401: { description: 'Not signed in, and no author key.' } };
  return {};
}

/** What a request with an API key may be refused with, on the routes that take one. */
const apiKeyResponses: Record<number, OperationResponse> = {
  401: {
    description: 'A credential that no longer works: an unknown, revoked or expired API key or session.',
  },
  403: { description: "The API key lacks the scope, or asks for another board's stories." },
  429: {
    description:
      "The API key's own rate limit is used up: wait for `Retry-After` (the `RateLimit` header says how much is left on every answer).",
  },
};

/** A route that takes no API key refuses one with 403 (a public route too, but it documents no refusals). */
function withKeyRefusal(responses: Record<number, OperationResponse>): Record<number, OperationResponse> {
  if (Object.keys(responses).length === 0) return responses;
  const keyRefused = "a partner's API key, which only reads stories.";
  const refused = responses[403]?.description;
  return {
    ...responses,
    403: { description: refused ? `${refused} Also ${keyRefused}` : `Refused to ${keyRefused}` },
  };
}

function authorize(ctx: ApiContext, spec: Pick<OperationDoc, 'access' | 'roles' | 'apiKeyScope'>): Principal {
  const { access, apiKeyScope } = spec;
  const roles = spec.roles ?? [];
  const { principal } = ctx.state;
  const { kind } = principal;
  if (kind === 'apiKey') {
    // Before any other rule: a key is refused the same way wherever it is not meant to be used.
    if (!apiKeyScope) {
      throw httpProblem(403, {
        detail:
          'An API key only reads stories (GET /api/v1/stories and /api/v1/stories/{id}): sign in to do this.',
      });
    }
    if (!principal.key.scopes.includes(apiKeyScope)) {
      throw httpProblem(403, { detail: `This API key does not have the ${apiKeyScope} scope.` });
    }
    return principal;
  }
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
  return principal;
}

/** Query strings arrive as strings (or arrays, when repeated): the schema sees exactly that. */
function validQuery<Query>(validate: ValidateFunction<Query>, ctx: ApiContext): Query {
  const query: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ctx.query)) query[name] = value;
  return assertValid(validate, query, 'The query string has invalid parameters.');
}
