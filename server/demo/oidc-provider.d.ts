/**
 * The little of `oidc-provider` (which ships no types) that the demo's and the tests' identity provider
 * use. Only those run it: the service itself is a client (openid-client).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ProviderGrant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export interface ProviderContext {
    path: string;
    method: string;
    body: unknown;
    oidc: {
      client?: { clientId: string };
      session?: { accountId?: string };
      params?: Record<string, unknown>;
      provider: Provider;
    };
  }

  export type ProviderMiddleware = (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>;

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    readonly issuer: string;
    Grant: new (properties: { clientId: string; accountId: string }) => ProviderGrant;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    use(middleware: ProviderMiddleware): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
}
