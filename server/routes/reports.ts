import { Readable } from 'node:stream';
import { objectIdParam, type ApiRouter } from '../http/api-router.js';
import {
  reportFrequencyAnswerSchema,
  reportFrequencySchema,
  reportQuerySchema,
  reportSchema,
} from '../schemas/report.js';
import type { ApiDeps } from './api-deps.js';

const tag = 'Reports';

/**
 * `GET /reports/services/:id`: how a service subtree is listening, as figures or as the stories behind
 * them (CSV); and `PUT /subscriptions/:id/report`: weekly or monthly report emails on a subscription.
 */
export function registerReportRoutes(api: ApiRouter, deps: Pick<ApiDeps, 'services'>): void {
  const { reports, scheduledReports } = deps.services;

  api.route({
    method: 'get',
    path: '/reports/services/:id',
    summary:
      'Figures for a service and everything below it over a period (default: the last 90 days): stories by week, author role and source, response rate and times, change markers, tags, progress, criticality (staff), the services below and, for a board, its last whole quarter by the authors’ optional answers (groups of 10 or fewer withheld); `format=csv`: the stories behind them.',
    tag,
    access: 'signed-in',
    roles: ['admin', 'moderator', 'staff', 'stakeholder'],
    query: reportQuerySchema,
    cache: 'private',
    responses: {
      200: { description: 'The figures', schema: reportSchema },
      400: { description: 'The period is not a valid one' },
      403: { description: 'Staff or a stakeholder the service is not in scope for' },
      404: { description: 'There is no such service' },
    },
    async handler(ctx, { query, params, principal }) {
      const serviceId = params.id;
      const audience = await reports.audienceFor(principal.user, serviceId);
      const period = reports.period(query);
      if (query.format === 'csv') {
        const lines = reports.csv(serviceId, period, audience);
        ctx.type = 'text/csv; charset=utf-8; header=present';
        ctx.attachment(`careloop-report-${serviceId}-${period.from}-to-${period.to}.csv`);
        ctx.body = Readable.from(lines);
        return;
      }
      ctx.body = await reports.figures(serviceId, period, audience);
    },
  });

  api.route({
    method: 'put',
    path: '/subscriptions/:id/report',
    summary:
      'Ask for (or stop) a weekly or monthly summary report email on an account subscription (its owner, or an admin).',
    tag,
    access: 'signed-in',
    params: { id: objectIdParam },
    body: reportFrequencySchema,
    cache: 'no-store',
    responses: {
      200: { description: 'The frequency now set', schema: reportFrequencyAnswerSchema },
      400: { description: 'The frequency is not one of those offered' },
      403: { description: 'Its owner may not read reports on its scope' },
      404: { description: 'No such subscription of this account' },
    },
    async handler(ctx, { body, params, principal }) {
      ctx.body = await scheduledReports.setFrequency(principal.user, params.id, body.frequency);
    },
  });
}
