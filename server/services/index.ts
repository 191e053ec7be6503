import type { ServiceDeps } from './service-deps.js';
import { AccountService } from './accounts.js';
import { IdempotencySweeper } from './idempotency-sweeper.js';
import { ModerationService } from './moderation.js';
import { OrganisationService } from './organisations.js';
import { PublicStories } from './public-stories.js';
import { ScopeService } from './scopes.js';
import { StoryService } from './stories.js';
import { MailService } from './mail/index.js';
import { Notifier } from './notifier.js';
import { ReplyService } from './replies.js';
import { ResponseService } from './responses.js';
import { ResponderModeration } from './responder-moderation.js';
import { SubscriptionService } from './subscriptions.js';
import { ReportService } from './reports/service.js';
import { ScheduledReports } from './reports/scheduled.js';
import { RetentionJob } from './retention.js';
import { PersonalDataService } from './personal-data.js';
import { AddressSubscriptions } from './address-subscriptions.js';
import { SecondFactorService } from './second-factor.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { ErasureService } from './erasures.js';
import { ApiKeyService } from './api-keys.js';
import { WebhookService } from './webhooks/index.js';
import { ReaderSignals } from './reader-signals.js';
import { StoryPreviews } from './story-preview.js';

/** The domain layer: routes call these; these call the models. */
export function createServices(deps: ServiceDeps) {
  const organisations = new OrganisationService(deps);
  const accounts = new AccountService(deps);
  const scopes = new ScopeService({ ...deps, organisations });
  const stories = new StoryService({ ...deps, organisations, scopes });
  const publicStories = new PublicStories({ ...deps, organisations });
  const moderation = new ModerationService({ ...deps, organisations });
  const responderModeration = new ResponderModeration({ ...deps, organisations });
  const responses = new ResponseService({ ...deps, organisations, scopes, responderModeration });
  const previews = new StoryPreviews({ ...deps, organisations, scopes });
  const replies = new ReplyService(deps);
  const readerSignals = new ReaderSignals(deps);
  const mail = new MailService(deps);
  const subscriptions = new SubscriptionService({ ...deps, organisations, scopes });
  const addressSubscriptions = new AddressSubscriptions({ ...deps, subscriptions });
  const webhooks = new WebhookService({ ...deps, organisations });
  const notifier = new Notifier({ ...deps, organisations, scopes, subscriptions, mail, webhooks });
  const reports = new ReportService({ ...deps, organisations, scopes });
  const scheduledReports = new ScheduledReports({
    ...deps,
    organisations,
    scopes,
    subscriptions,
    mail,
    reports,
  });
  const idempotencySweeper = new IdempotencySweeper(deps);
  const personalData = new PersonalDataService({ ...deps, subscriptions });
  const secondFactor = new SecondFactorService(deps);
  const oidc = new OidcSignIn({ ...deps, accounts, organisations });
  const erasures = new ErasureService({ ...deps, organisations });
  const apiKeys = new ApiKeyService({ ...deps, organisations });
  const retention = new RetentionJob({ ...deps, idempotencySweeper, compaction: erasures.compaction });
  return {
    organisations,
    accounts,
    scopes,
    stories,
    publicStories,
    moderation,
    responses,
    previews,
    responderModeration,
    replies,
    readerSignals,
    mail,
    subscriptions,
    notifier,
    reports,
    scheduledReports,
    idempotencySweeper,
    retention,
    personalData,
    addressSubscriptions,
    secondFactor,
    oidc,
    erasures,
    apiKeys,
    webhooks,
  };
}

export type Services = ReturnType<typeof createServices>;
