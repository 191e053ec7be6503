/**
 * How a story looks, in the list and opened with its thread. User text (titles, bodies, names, tags) is
 * always interpolated as text, which Lit escapes: never as HTML.
 */
import { html, nothing } from 'lit';
import type { CareloopClient } from '../api/client.js';
import {
  feedUrl,
  type ChangeMarker,
  type PublicStory,
  type StoryDetail,
  type ThreadEntry,
  type ThreadResponse,
} from '../api/stories.js';
import type { SignalKind } from '../api/signals.js';
import type { MessageKey } from '../l10n/index.js';
import { pluralForm } from '../l10n/plural.js';
import { formatDate } from '../shared/dates.js';
import { wholeNumber } from '../shared/numbers.js';
import { storyUrl } from '../shared/links.js';

/** The words and language a template renders in. */
export interface Words {
  msg: (key: MessageKey, values?: Record<string, string | number>) => string;
  locale: string;
}

/** What the opened story's "me too" and "helpful" buttons need from the element. */
export interface SignalControls {
  pressed: (kind: SignalKind, id: string) => boolean;
  toggle: (kind: SignalKind, id: string) => void;
  /** The last signal's outcome (the new count, or why it failed), announced politely. */
  status: string;
}

const excerptLength = 240;

/** "1 response", "3 responses", "3 freagairtean": a counted phrase in the form its number needs. */
export function counted(key: MessageKey, n: number, w: Words, values: Record<string, string | number> = {}) {
  const written = Object.fromEntries(
    Object.entries({ ...values, n }).map(([name, value]) => [
      name,
      typeof value === 'number' ? wholeNumber(value) : value,
    ]),
  );
  return pluralForm(w.msg(key, written), n, w.locale);
}

/** The first few lines of a story, cut at a word. */
function excerpt(body: string): string {
  if (body.length <= excerptLength) return body;
  const cut = body.slice(0, excerptLength);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : excerptLength).trimEnd()}…`;
}

const listFormats = new Map<string, Intl.ListFormat>();

/**
 * "A, B and C" in the reader's language. One name is written as it is: most stories are about one
 * service, and a page's first `Intl` format costs a long task on a phone (see `formatDate`).
 */
export function listOf(names: string[], locale: string): string {
  if (names.length < 2) return names[0] ?? '';
  let format = listFormats.get(locale);
  if (!format) listFormats.set(locale, (format = new Intl.ListFormat(locale, { type: 'conjunction' })));
  return format.format(names);
}

/** The words for each role an author may give ("You are the…"). */
export const roleKeys: Record<string, MessageKey> = {
  patient: 'rolePatient',
  carer: 'roleCarer',
  'parent-guardian': 'roleParentGuardian',
  relative: 'roleRelative',
  friend: 'roleFriend',
  'staff-on-behalf': 'roleStaffOnBehalf',
};

/** How a story entered for its author by staff or a volunteer reached them. */
const toldViaKeys: Record<NonNullable<PublicStory['toldVia']>, MessageKey> = {
  'paper-form': 'toldViaPaperForm',
  'phone-call': 'toldViaPhoneCall',
  kiosk: 'toldViaKiosk',
  'in-person': 'toldViaInPerson',
};

function changeMarker(change: ChangeMarker | null, { msg }: Words) {
  return change
    ? html`<span class="marker ${change}">${msg(change === 'made' ? 'changeMade' : 'changePlanned')}</span>`
    : nothing;
}

/** Who wrote it and when: "By Anna (carer) · 1 December 2026". */
function byline(story: PublicStory, w: Words) {
  const role = roleKeys[story.authorRole];
  return html`<p class="meta byline">
    ${w.msg('postedBy', { name: story.nickname, role: role ? w.msg(role) : story.authorRole })}
    ${
      story.publishedAt
        ? html`<span aria-hidden="true">·</span>
            <time datetime=${story.publishedAt}>${formatDate(story.publishedAt, w.locale, w.msg)}</time>`
        : nothing
    }
    ${
      story.toldVia
        ? html`<span aria-hidden="true">·</span>
            <span class="told-via">${w.msg(toldViaKeys[story.toldVia])}</span>`
        : nothing
    }
  </p>`;
}

/** What the story is about, above its title: "About: Ward 2C, Raigmore Hospital". */
function servicesLine(story: PublicStory, w: Words) {
  return story.services.length
    ? html`<p class="services">
        ${w.msg('aboutServices', {
          names: listOf(
            story.services.map((s) => s.name),
            w.locale,
          ),
        })}
      </p>`
    : nothing;
}

const tagGroups = [
  ['good', 'tagsGood'],
  ['improve', 'tagsImprove'],
  ['feelings', 'tagsFeelings'],
] as const;

function tagList(story: PublicStory, { msg }: Words) {
  const groups = tagGroups.filter(([group]) => story.tags[group].length > 0);
  return groups.length
    ? html`<dl class="tags">
        ${groups.map(
          ([group, label]) =>
            html`<div class=${group}>
              <dt>${msg(label)}</dt>
              ${story.tags[group].map((tag) => html`<dd>${tag}</dd>`)}
            </div>`,
        )}
      </dl>`
    : nothing;
}

/** "2 responses from NHS Highland", "1 response", "No response yet". */
function responseCount(story: PublicStory, w: Words) {
  const by = story.respondedBy?.map((organisation) => organisation.name) ?? [];
  if (story.responseCount === 0) return w.msg('noResponseYet');
  return by.length
    ? counted('responsesFrom', story.responseCount, w, { names: listOf(by, w.locale) })
    : counted('responseCount', story.responseCount, w);
}

/** "1 response from NHS Highland · Change planned", or "No response yet": what a reader looks for first. */
function responseState(story: PublicStory, w: Words) {
  return html`<p class="response-state ${story.responseCount > 0 ? 'answered' : 'waiting'}">
    <span class="count">${responseCount(story, w)}</span>
    ${changeMarker(story.change, w)}
    ${story.meTooCount > 0 ? html`<span class="me-too-count">${counted('meTooCount', story.meTooCount, w)}</span>` : nothing}
  </p>`;
}

/** A story in the list: its title links to its own address on the page. */
export function storyCard(story: PublicStory, w: Words) {
  return html`<article class="story" part="story">
    <h3><a href=${storyUrl(story.id)} data-story=${story.id}>${story.title}</a></h3>
    ${servicesLine(story, w)} ${byline(story, w)}
    <p class="excerpt">${excerpt(story.body)}</p>
    ${tagList(story, w)} ${responseState(story, w)}
  </article>`;
}

/**
 * "Dr Jane Smith, Clinical Director, NHS Ayrshire & Arran": the organisation once, even when the job
 * title already names it ("Patient Experience Lead, NHS Highland").
 */
function responderLine({ responder }: ThreadResponse) {
  const organisation = responder.organisation.name;
  const title = responder.jobTitle?.trim();
  const titleNamesOrganisation = Boolean(title && title.toLowerCase().includes(organisation.toLowerCase()));
  return html`<strong>${responder.name}</strong>${title ? html`, ${title}` : nothing}${
      titleNamesOrganisation ? nothing : html`, ${organisation}`
    }`;
}

/**
 * A toggle (aria-pressed) with the count beside it: the reader sees whether theirs is in it. Without
 * controls (the author's own view) only the count is shown, once there is one.
 */
function signalButton(
  kind: SignalKind,
  id: string,
  count: number,
  signals: SignalControls | undefined,
  w: Words,
) {
  if (!signals && count === 0) return nothing;
  const [label, countKey] =
    kind === 'me-too' ? (['meToo', 'meTooCount'] as const) : (['helpful', 'helpfulCount'] as const);
  return html`<p class="signal ${kind}">
    ${
      signals
        ? html`<button
            type="button"
            aria-pressed=${signals.pressed(kind, id)}
            @click=${() => signals.toggle(kind, id)}
          >
            ${w.msg(label)}
          </button>`
        : nothing
    }
    <span class="signal-count">${counted(countKey, count, w)}</span>
  </p>`;
}

function threadEntry(entry: ThreadEntry, story: StoryDetail, w: Words, signals?: SignalControls) {
  if (entry.type === 'reply') {
    return html`<li class="entry reply ${entry.kind}">
      <p class="who">
        ${w.msg(entry.kind === 'update' ? 'authorUpdated' : 'authorReplied', { name: story.nickname })}
      </p>
      <p class="meta">
        <time datetime=${entry.publishedAt}>${formatDate(entry.publishedAt, w.locale, w.msg)}</time>
      </p>
      <p class="body">${entry.body}</p>
    </li>`;
  }
  return html`<li class="entry response ${entry.change ? `change-${entry.change}` : ''}">
    <p class="who">${responderLine(entry)}</p>
    <p class="meta">
      <time datetime=${entry.createdAt}>${formatDate(entry.createdAt, w.locale, w.msg)}</time>
      ${entry.editedAt ? html`· ${w.msg('edited')}` : nothing}
    </p>
    ${changeMarker(entry.change, w)}
    <p class="body">${entry.body}</p>
    ${signalButton('helpful', entry.id, entry.helpfulCount, signals, w)}
  </li>`;
}

/** The opened story: the whole text, who is listening, and the thread of responses and replies. */
export function storyDetail(story: StoryDetail, w: Words, signals?: SignalControls) {
  const { msg } = w;
  const alerted = story.listening.alertedOrganisations.map((organisation) => organisation.name);
  const reads = story.listening.readCount;
  return html`<article class="story detail fade-in" part="story" aria-labelledby="story-title">
    <h3 id="story-title" tabindex="-1">${story.title}</h3>
    ${servicesLine(story, w)} ${byline(story, w)}
    <p class="body">${story.body}</p>
    ${tagList(story, w)} ${signalButton('me-too', story.id, story.meTooCount, signals, w)}
    ${signals ? html`<p class="signal-status" role="status">${signals.status}</p>` : nothing}
    <section class="listening" aria-labelledby="listening-title">
      <h4 id="listening-title">${msg('listeningTitle')}</h4>
      <ul>
        <li>
          ${alerted.length ? msg('listeningShared', { names: listOf(alerted, w.locale) }) : msg('listeningNone')}
        </li>
        <li>${reads > 0 ? counted('listeningReads', reads, w) : msg('listeningUnread')}</li>
      </ul>
    </section>
    <section class="responses" aria-labelledby="thread-title">
      <h4 id="thread-title">
        ${story.responseCount > 0 ? counted('responseCount', story.responseCount, w) : msg('noResponseYet')}
        ${changeMarker(story.change, w)}
      </h4>
      ${
        story.thread.length
          ? html`<ol class="thread">
              ${story.thread.map((entry) => threadEntry(entry, story, w, signals))}
            </ol>`
          : html`<p class="muted">${msg('noResponses')}</p>`
      }
    </section>
  </article>`;
}

/** RSS and JSON Feed links for a service's stories. */
export function subscribeLinks(client: CareloopClient, service: string, { msg }: Words) {
  return html`<p class="feeds">
    <a href=${feedUrl(client, service, 'rss')} type="application/rss+xml">${msg('feedRss')}</a>
    <a href=${feedUrl(client, service, 'json')} type="application/feed+json">${msg('feedJson')}</a>
  </p>`;
}
