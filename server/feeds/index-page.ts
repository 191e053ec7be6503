import { catalogueFor, type Language } from '../l10n/index.js';
import type { Models } from '../models/index.js';
import type { Organisation } from '../models/organisation.js';
import type { FeedAddress, FeedFormat } from './feed.js';
import { constituencySlug, escapeHtml } from './text.js';

export interface FeedIndexDeps {
  models: Pick<Models, 'organisations'>;
  url: (address: FeedAddress, format: FeedFormat) => string;
  language: Language;
}

/** The page's only outside resources: the demo board's stylesheet and icon. */
export const feedIndexContentSecurityPolicy =
  "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * `/feeds`: the page MPs and the public use to find a feed. Every board (and its hospitals) and every
 * constituency, each with its RSS and JSON Feed links. Server-rendered, every value escaped, no script.
 */
export async function renderFeedIndex(deps: FeedIndexDeps): Promise<string> {
  const words = catalogueFor(deps.language).feeds;
  const open = { retiredAt: null };
  const [boards, hospitals, constituencyNames] = await Promise.all([
    deps.models.organisations
      .find({ ...open, parent: null })
      .sort({ name: 1, _id: 1 })
      .lean<Organisation[]>(),
    deps.models.organisations
      .find({ ...open, kind: 'hospital' })
      .sort({ name: 1, _id: 1 })
      .lean<Organisation[]>(),
    deps.models.organisations.distinct('constituency') as Promise<unknown[]>,
  ]);
  const constituencies = constituencyNames
    .filter((name): name is string => typeof name === 'string' && constituencySlug(name) !== '')
    .sort((a, b) => a.localeCompare(b, 'en-GB'));

  const feedLinks = (address: Omit<FeedAddress, 'before'>, label: string) => {
    const full = { ...address, before: null };
    const forLabel = `<span class="visually-hidden">${escapeHtml(words.feedFor(label))}</span>`;
    return `<a href="${escapeHtml(deps.url(full, 'rss'))}" type="application/rss+xml">RSS${forLabel}</a>
          · <a href="${escapeHtml(deps.url(full, 'json'))}" type="application/feed+json">JSON Feed${forLabel}</a>`;
  };
  const serviceEntry = (service: Organisation) => `<li>
          <strong>${escapeHtml(service.name)}</strong>: ${escapeHtml(words.stories)} ${feedLinks({ scope: 'services', key: service._id, activity: false }, service.name)};
          ${escapeHtml(words.storiesAndResponses)} ${feedLinks({ scope: 'services', key: service._id, activity: true }, words.withResponses(service.name))}`;

  const boardList = boards
    .map((board) => {
      const own = hospitals.filter((hospital) => hospital.ancestors[0] === board._id);
      const nested = own.length
        ? `\n          <ul>\n          ${own.map((hospital) => `${serviceEntry(hospital)}</li>`).join('\n          ')}\n          </ul>`
        : '';
      return `${serviceEntry(board)}${nested}</li>`;
    })
    .join('\n        ');
  const constituencyList = constituencies
    .map(
      (name) =>
        `<li><strong>${escapeHtml(name)}</strong>: ${feedLinks({ scope: 'constituencies', key: constituencySlug(name), activity: false }, name)}</li>`,
    )
    .join('\n        ');

  return `<!doctype html>
<html lang="${deps.language === 'en' ? 'en-GB' : deps.language}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(words.pageTitle)}</title>
    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/board.css" />
  </head>
  <body>
    <main id="main" class="container">
      <h1>${escapeHtml(words.heading)}</h1>
      <p>${escapeHtml(words.intro)}</p>
      <h2>${escapeHtml(words.boards)}</h2>
      <ul>
        ${boardList}
      </ul>
      <h2>${escapeHtml(words.constituencies)}</h2>
      <ul>
        ${constituencyList}
      </ul>
    </main>
  </body>
</html>
`;
}
