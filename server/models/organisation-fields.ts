import { organisationKinds } from './organisation.js';

export type OrganisationKind = (typeof organisationKinds)[number];

/** A service id: a stable URL-safe slug such as `nhs-highland`. */
export const serviceIdPattern = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const serviceIdMaxLength = 100;

/** Path segments below /services that name operations, so no service may take them as its id. */
export const reservedServiceIds: readonly string[] = ['import', 'export'];

export function isOrganisationKind(kind: string): kind is OrganisationKind {
  return (organisationKinds as readonly string[]).includes(kind);
}

/**
 * The words of a service name for the `q` search: lower-case, accents folded (`Ospidal` and `Òspidal`
 * match), split on anything that is not a letter or digit, each word once.
 */
export function nameTerms(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  return [...new Set(folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
}

/**
 * Why `value` is not a website origin a board may list (undefined when it is one). An origin is a
 * scheme and host, written as browsers send it in the Origin header (`https://host[:port]`, no path,
 * no trailing slash, lower case, no default port), so a plain string comparison can check it. Plain
 * http is accepted only for loopback hosts, where a board tries the widget on its own machine.
 */
export function originProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an origin like https://www.nhshighland.scot.nhs.uk';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return 'must use https (plain http only for localhost)';
  }
  if (url.origin !== value) return `must be just the scheme and host, written ${url.origin}`;
  return undefined;
}

/**
 * Why `value` is not a story page URL (undefined when it is one): an absolute https URL of the board's
 * page that shows a story, with `{id}` where the story id goes, e.g.
 * `https://www.nhshighland.scot.nhs.uk/stories#careloop-story={id}`.
 */
export function storyPageUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.replaceAll('{id}', 'id'));
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    return 'must use https (plain http only for localhost)';
  }
  if (!value.includes('{id}')) return 'must contain {id} where the story id goes';
  return undefined;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}
