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
} from '../api/stories.js';
import type { MessageKey } from '../l10n/index.js';
import { formatDate } from '../shared/dates.js';
import { storyUrl } from '../shared/links.js';

/** The words and language a template renders in. */
export interface Words {
  msg: (key: MessageKey, values?: Record<string, string | number>) => string;
  locale: string;
}

const excerptLength = 240;

/** The first few lines of a story, cut at a word. */
function excerpt(body: string): string {
  if (body.length <= excerptLength) return body;
  const cut = body.slice(0, excerptLength);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : excerptLength).trimEnd()}…`;
}

/** "A, B and C" in the reader's language. */
export function listOf(names: string[], locale: string): string {
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
}

const roleKeys: Record<string, MessageKey> = {
  patient: 'rolePatient',
  carer: 'roleCarer',
  'parent-guardian': 'roleParentGuardian',
  relative: 'roleRelative',
  friend: 'roleFriend',
  'staff-on-behalf': 'roleStaffOnBehalf',
};

function changeMarker(change: ChangeMarker | null, { msg }: Words) {
  return change
    ? html`<span class="marker ${change}">${msg(change === 'made' ? 'changeMade' : 'changePlanned')}</span>`
    : nothing;
}

function byline(story: PublicStory, w: Words) {
  const role = roleKeys[story.authorRole];
  return html`<p class="meta">
      ${w.msg('postedBy', { name: story.nickname, role: role ? w.msg(role) : story.authorRole })}
      ${
        story.publishedAt
          ? html`·
              <time datetime=${story.publishedAt}>${formatDate(story.publishedAt, w.locale, w.msg)}</time>`
          : nothing
      }
    </p>
    ${
      story.services.length
        ? html`<p class="meta">
            ${w.msg('aboutServices', {
              names: listOf(
                story.services.map((s) => s.name),
                w.locale,
              ),
            })}
          </p>`
        : nothing
    }`;
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
            html`<div>
              <dt>${msg(label)}</dt>
              ${story.tags[group].map((tag) => html`<dd>${tag}</dd>`)}
            </div>`,
        )}
      </dl>`
    : nothing;
}

/** A story in the list: its title links to its own address on the page. */
export function storyCard(story: PublicStory, w: Words) {
  return html`<article class="story" part="story">
    <h3><a href=${storyUrl(story.id)} data-story=${story.id}>${story.title}</a></h3>
    ${byline(story, w)}
    <p class="excerpt">${excerpt(story.body)}</p>
    ${tagList(story, w)}
    <p class="responses">
      ${w.msg('responseCount', { n: story.responseCount })} ${changeMarker(story.change, w)}
    </p>
  </article>`;
}

function threadEntry(entry: ThreadEntry, story: StoryDetail, w: Words) {
  if (entry.type === 'reply') {
    return html`<li class="entry reply">
      <p class="who"><strong>${w.msg('authorReplied', { name: story.nickname })}</strong></p>
      <p class="meta">
        <time datetime=${entry.publishedAt}>${formatDate(entry.publishedAt, w.locale, w.msg)}</time>
      </p>
      <p class="body">${entry.body}</p>
    </li>`;
  }
  const { responder } = entry;
  return html`<li class="entry response">
    <p class="who">
      <strong>${responder.name}</strong>${responder.jobTitle ? html`, ${responder.jobTitle}` : nothing},
      ${responder.organisation.name}
    </p>
    <p class="meta">
      <time datetime=${entry.createdAt}>${formatDate(entry.createdAt, w.locale, w.msg)}</time>
      ${entry.editedAt ? html`· ${w.msg('edited')}` : nothing} ${changeMarker(entry.change, w)}
    </p>
    <p class="body">${entry.body}</p>
  </li>`;
}

/** The opened story: the whole text, who is listening, and the thread of responses and replies. */
export function storyDetail(story: StoryDetail, w: Words) {
  const { msg } = w;
  const alerted = story.listening.alertedOrganisations.map((organisation) => organisation.name);
  return html`<article class="story detail fade-in" part="story" aria-labelledby="story-title">
    <h3 id="story-title" tabindex="-1">${story.title}</h3>
    ${byline(story, w)}
    <p class="body">${story.body}</p>
    ${tagList(story, w)}
    <p class="listening">
      <strong>${msg('listeningTitle')}</strong>
      ${alerted.length ? msg('listeningShared', { names: listOf(alerted, w.locale) }) : msg('listeningNone')}
      ${msg('listeningReads', { n: story.listening.readCount })}
    </p>
    <section aria-labelledby="thread-title">
      <h4 id="thread-title">
        ${msg('responseCount', { n: story.responseCount })} ${changeMarker(story.change, w)}
      </h4>
      ${
        story.thread.length
          ? html`<ol class="thread">
              ${story.thread.map((entry) => threadEntry(entry, story, w))}
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
