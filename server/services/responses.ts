// Placeholder until engineer R lands ResponseService (issue 4); keeps the app importable meanwhile.
export class ResponseService {
  constructor(readonly deps: unknown) {}
}
