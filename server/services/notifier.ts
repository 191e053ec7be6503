// Placeholder until engineer N lands the Notifier (issue 4); keeps the app importable meanwhile.
export class Notifier {
  constructor(readonly deps: unknown) {}
  kick(): void {}
}
