import { DomainError, type FieldError } from '../domain/errors.js';
import type { Principal } from '../auth/principal.js';
import type { ApiRouter } from '../http/api-router.js';
import { toAdminService, toPublicService, toServiceDetail } from '../mappers/organisation.js';
import {
  adminServiceResponseSchema,
  createServiceSchema,
  importQuerySchema,
  importResultSchema,
  listServicesQuerySchema,
  maxListLimit,
  serviceDetailSchema,
  serviceListSchema,
  serviceTreeSchema,
  updateServiceSchema,
} from '../schemas/organisation.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Services';
const defaultListLimit = 50;

/**
 * The service tree: anyone may read it (`GET /services`, `GET /services/:id`); admins add, change,
 * import and export it. Admins reading it also see each service's widget settings.
 */
export function registerOrganisationRoutes(api: ApiRouter, deps: ApiDeps): void {
  const { organisations } = deps.services;

  api.route({
    method: 'get',
    path: '/services',
    summary:
      'List services by name: the children of `parent`, the roots (`roots=true`), a name search (`q`), a kind.',
    tag,
    access: 'public',
    query: listServicesQuerySchema,
    responses: { 200: { description: 'A page of services, sorted by name.', schema: serviceListSchema } },
    async handler(ctx, { query, principal }) {
      const limit = query.limit === undefined ? defaultListLimit : Number(query.limit);
      const offset = query.offset === undefined ? 0 : Number(query.offset);
      const errors: FieldError[] = [];
      if (limit < 1 || limit > maxListLimit)
        errors.push({
          field: 'limit',
          code: 'out-of-range',
          message: `must be 1 to ${maxListLimit}`,
          limit: maxListLimit,
        });
      if (query.roots === 'true' && query.parent !== undefined) {
        errors.push({ field: 'roots', code: 'not-accepted', message: 'cannot be combined with parent' });
      }
      if (errors.length > 0) throw DomainError.invalid(errors, 'The query string has invalid parameters.');
      const { services, total } = await organisations.list({
        parent: query.parent,
        rootsOnly: query.roots === 'true',
        q: query.q,
        kind: query.kind,
        includeRetired: query.includeRetired === 'true',
        limit,
        offset,
      });
      const toShape = isAdmin(principal) ? toAdminService : toPublicService;
      ctx.body = { services: services.map(toShape), total, limit, offset };
    },
  });

  // Declared before /services/:id, which would otherwise take "export" for an id.
  api.route({
    method: 'get',
    path: '/services/export',
    summary: 'Export the whole service tree in the import format (admins).',
    tag,
    access: 'signed-in',
    roles: ['admin'],
    responses: { 200: { description: 'The tree, parents before children.', schema: serviceTreeSchema } },
    async handler(ctx) {
      ctx.body = await organisations.exportTree();
    },
  });

  api.route({
    method: 'get',
    path: '/services/:id',
    summary: 'One service, with its ancestors (root first) and its children.',
    tag,
    access: 'public',
    responses: {
      200: { description: 'The service.', schema: serviceDetailSchema },
      404: { description: 'No such service.' },
    },
    async handler(ctx, { params, principal }) {
      const detail = await organisations.describe(params.id);
      ctx.body = toServiceDetail(detail, isAdmin(principal));
    },
  });

  api.route({
    method: 'post',
    path: '/services',
    summary: 'Add a service (admins).',
    tag,
    access: 'signed-in',
    roles: ['admin'],
    body: createServiceSchema,
    responses: {
      201: { description: 'The new service.', schema: adminServiceResponseSchema },
      409: { description: 'The id is taken.' },
    },
    async handler(ctx, { body }) {
      const created = await organisations.create(body);
      ctx.status = 201;
      ctx.set('Location', `${deps.config.publicUrl}/api/v1/services/${created.organisation._id}`);
      ctx.body = toAdminService(created);
    },
  });

  api.route({
    method: 'patch',
    path: '/services/:id',
    summary:
      'Rename, move (with its subtree), retire or reopen a service, or change its settings (admins). A new allowedOrigins list takes effect at once on the instance that answers, and within 30 seconds on any other.',
    tag,
    access: 'signed-in',
    roles: ['admin'],
    body: updateServiceSchema,
    responses: {
      200: { description: 'The service as it now is.', schema: adminServiceResponseSchema },
      404: { description: 'No such service.' },
      409: { description: 'The move would put the service below itself.' },
    },
    async handler(ctx, { body, params }) {
      const updated = await organisations.update(params.id, body);
      ctx.body = toAdminService(updated);
    },
  });

  api.route({
    method: 'post',
    path: '/services/import',
    summary:
      'Import a service tree (the format of scotland-services.json): upserts each service by id (admins).',
    tag,
    access: 'signed-in',
    roles: ['admin'],
    // Kinds, parents, duplicate ids and cycles are checked by the service, each bad entry named.
    body: serviceTreeSchema,
    query: importQuerySchema,
    responses: {
      200: { description: 'What the import changed.', schema: importResultSchema },
      400: { description: 'The tree has problems (each one listed); nothing was imported.' },
    },
    async handler(ctx, { body, query }) {
      ctx.body = await organisations.importTree(body, { retireMissing: query.retireMissing === 'true' });
    },
  });
}

function isAdmin(principal: Principal): boolean {
  return principal.kind === 'user' && principal.user.role === 'admin';
}
