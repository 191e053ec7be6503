// Placeholder until engineer P lands ReplyService (issue 4); keeps the app importable meanwhile.
export class ReplyService {
  constructor(readonly deps: unknown) {}
}
