// Placeholder until engineer N lands SubscriptionService (issue 4); keeps the app importable meanwhile.
export class SubscriptionService {
  constructor(readonly deps: unknown) {}
}
