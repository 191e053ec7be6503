import { isObjectId } from '../../domain/object-id.js';
import { Types } from 'mongoose';
import type { SignedInUser } from '../../auth/principal.js';
import type { Config } from '../../platform/config.js';
import type { Logger } from '../../platform/log.js';
import type { SubscriptionRecord } from '../../mappers/subscription.js';
import { toSignedInUser, type UserRecord } from '../../mappers/user.js';
import type { Models } from '../../models/index.js';
import { DomainError } from '../../domain/errors.js';
import type { MailService } from '../mail/index.js';
import type { OrganisationService } from '../organisations.js';
import type { ScopeService } from '../scopes.js';
import type { SubscriptionService } from '../subscriptions.js';
import { PeriodicTask } from '../periodic-task.js';
import { addDays, isoWeekOf, reportPeriod, utcDayOf } from './period.js';
import { reportEmail } from './report-email.js';
import type { ReportService } from './service.js';

export type ReportFrequency = 'weekly' | 'monthly';

type ReportSubscription = SubscriptionRecord & {
  reportFrequency?: ReportFrequency | null;
  lastReportPeriod?: string | null;
};

/** Subscriptions handled per query; a full batch is followed by another. */
const batchSize = 100;
const defaultPollMs = 60 * 1000;

/** The last whole week (Monday to Sunday, UTC) or calendar month before `now`. */
export function lastCompletedPeriod(
  frequency: ReportFrequency,
  now: Date,
): { key: string; from: string; to: string } {
  const today = utcDayOf(now);
  if (frequency === 'weekly') {
    const monday = addDays(today, -(((now.getUTCDay() + 6) % 7) + 7));
    return { key: isoWeekOf(new Date(`${monday}T00:00:00Z`)), from: monday, to: addDays(monday, 6) };
  }
  const firstOfThisMonth = `${today.slice(0, 7)}-01`;
  const to = addDays(firstOfThisMonth, -1);
  return { key: to.slice(0, 7), from: `${to.slice(0, 7)}-01`, to };
}

export interface ScheduledReportsDeps {
  config: Config;
  logger: Logger;
  models: Models;
  organisations: OrganisationService;
  scopes: Pick<ScopeService, 'covers'>;
  subscriptions: Pick<
    SubscriptionService,
    'deliverable' | 'unsubscribeUrl' | 'subscriptionsUrl' | 'scopeNameOf'
  >;
  mail: Pick<MailService, 'enqueue'>;
  reports: ReportService;
}

/**
 * Weekly and monthly report emails for account subscriptions that ask for them. After a period ends,
 * each such subscription gets one email (dedupe key `report:<subscriptionId>:<period>`), queued in the
 * outbox before the period is recorded on the subscription: a crash between the two queues it again,
 * and the outbox drops the duplicate, so none is lost or sent twice.
 */
export class ScheduledReports {
  private readonly task = new PeriodicTask(
    () => this.sendDue(),
    (error: unknown) =>
      this.deps.logger.error({ err: error }, 'scheduled reports failed; retrying at the next poll'),
  );

  constructor(private readonly deps: ScheduledReportsDeps) {}

  /**
   * Sets (or with null clears) the report frequency of an account subscription: its owner's, or any
   * for admins. The first report is of the first period that ends after this.
   * @throws `not-found` unless it is the caller's (or the caller is an admin); `forbidden` when its owner may not read
   * reports on its scope.
   */
  async setFrequency(
    caller: SignedInUser,
    subscriptionId: string,
    frequency: ReportFrequency | null,
    now = new Date(),
  ): Promise<{ subscription: string; frequency: ReportFrequency | null }> {
    const subscription = isObjectId(subscriptionId)
      ? await this.deps.models.subscriptions
          .findOne({
            _id: new Types.ObjectId(subscriptionId),
            kind: 'account',
            ...(caller.role === 'admin' ? {} : { userId: new Types.ObjectId(caller.id) }),
          })
          .lean<ReportSubscription>()
      : null;
    if (!subscription?.userId) throw DomainError.notFound('This account has no subscription with that id.');
    const owner = await this.ownerOf(subscription);
    if (frequency !== null && !(owner && (await this.mayRead(owner, subscription)))) {
      throw DomainError.forbidden(
        'Reports on this scope are only for staff and stakeholders who act for it, moderators and admins.',
      );
    }
    await this.deps.models.subscriptions.updateOne(
      { _id: subscription._id },
      {
        $set: {
          reportFrequency: frequency,
          lastReportPeriod: frequency === null ? null : lastCompletedPeriod(frequency, now).key,
        },
      },
    );
    return { subscription: subscriptionId, frequency };
  }

  /** Queues the reports due at `now`; resolves with how many were queued. */
  async sendDue(now = new Date()): Promise<number> {
    let queued = 0;
    for (const frequency of ['weekly', 'monthly'] as const) {
      const period = lastCompletedPeriod(frequency, now);
      for (;;) {
        const due = await this.deps.models.subscriptions
          .find({ reportFrequency: frequency, kind: 'account', lastReportPeriod: { $ne: period.key } })
          .sort({ _id: 1 })
          .limit(batchSize)
          .lean<ReportSubscription[]>();
        for (const subscription of due) queued += await this.send(subscription, frequency, period);
        if (due.length < batchSize) break;
      }
    }
    return queued;
  }

  /** Looks for due reports every `pollMs` (a minute) until `stop()`. */
  start(options: { pollMs?: number } = {}): void {
    this.task.start(options.pollMs ?? defaultPollMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  private async send(
    subscription: ReportSubscription,
    frequency: ReportFrequency,
    period: { key: string; from: string; to: string },
  ): Promise<number> {
    const subscriptionId = subscription._id.toHexString();
    const [subscriber] = await this.deps.subscriptions.deliverable([subscription]);
    const owner = await this.ownerOf(subscription);
    const allowed = Boolean(subscriber && owner && (await this.mayRead(owner, subscription)));
    if (subscriber && allowed) {
      const range = reportPeriod(period, new Date());
      const figures = subscription.service
        ? await this.deps.reports.figures(subscription.service, range, 'stakeholder')
        : await this.deps.reports.figuresOf(
            `constituency:${subscription.constituency}`,
            await this.deps.subscriptions.scopeNameOf(subscription),
            await this.deps.organisations.servicesInConstituency(subscription.constituency ?? ''),
            range,
          );
      const unsubscribeUrl = await this.deps.subscriptions.unsubscribeUrl(
        this.deps.config.publicUrl,
        subscriptionId,
        subscriber.language,
      );
      await this.deps.mail.enqueue([
        {
          dedupeKey: `report:${subscriptionId}:${period.key}`,
          to: subscriber.to,
          ...reportEmail({
            frequency,
            periodKey: period.key,
            figures,
            unsubscribeUrl,
            subscriptionsUrl: await this.deps.subscriptions.subscriptionsUrl(
              this.deps.config.publicUrl,
              subscriptionId,
              subscriber.language,
            ),
            language: subscriber.language,
          }),
        },
      ]);
    } else {
      this.deps.logger.info({ subscriptionId, period: period.key }, 'scheduled report skipped: not allowed');
    }
    await this.deps.models.subscriptions.updateOne(
      { _id: subscription._id },
      { $set: { lastReportPeriod: period.key } },
    );
    return subscriber && allowed ? 1 : 0;
  }

  private async ownerOf(subscription: ReportSubscription): Promise<SignedInUser | null> {
    const user = await this.deps.models.users
      .findOne({ _id: subscription.userId, disabledAt: null })
      .lean<UserRecord>();
    return user ? toSignedInUser(user) : null;
  }

  /** The endpoint's rule: admins, moderators, and staff and stakeholders the scope is in scope for. */
  private async mayRead(user: SignedInUser, subscription: ReportSubscription): Promise<boolean> {
    if (user.role === 'admin' || user.role === 'moderator') return true;
    if (subscription.service) return this.deps.scopes.covers(user, [subscription.service]);
    return user.role === 'stakeholder' && user.constituency === subscription.constituency;
  }
}
