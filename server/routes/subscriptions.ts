// Placeholder until its engineer lands these routes (issue 4); keeps the app importable meanwhile.
import type { ApiRouter } from '../http/api-router.js';
import type { ApiDeps } from './api.js';
export function registerSubscriptionRoutes(_api: ApiRouter, _deps: ApiDeps): void {}
