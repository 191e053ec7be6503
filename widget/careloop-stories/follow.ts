import { html } from 'lit';
import type { CareloopClient } from '../api/client.js';
import { subscribeLinks, type Words } from './templates.js';

/** Where asking for email alerts stands. */
export type EmailStatus = '' | 'sending' | 'sent' | 'invalid' | 'failed';

/** What the follow section reads of the list, and what it asks of it. */
export interface FollowView {
  words: Words;
  client: CareloopClient;
  /** The service to follow, and its name as readers know it. */
  service: string;
  name: string;
  emailStatus: EmailStatus;
  subscribe(event: SubmitEvent): void;
}

/** "Follow stories about …": the service's feeds, and alerts by email. */
export function followSection(view: FollowView) {
  const { service, name, emailStatus } = view;
  const { msg } = view.words;
  return html`<section class="follow" aria-labelledby="follow-title">
    <h3 id="follow-title">${msg('followTitle', { name })}</h3>
    ${subscribeLinks(view.client, service, view.words)}
    <form class="email" novalidate @submit=${(event: SubmitEvent) => view.subscribe(event)}>
      <label for="alert-email">${msg('emailLabel')}</label>
      <input
        id="alert-email"
        name="email"
        type="email"
        autocomplete="email"
        required
        aria-invalid=${emailStatus === 'invalid'}
        aria-describedby="alert-email-status"
      />
      <button type="submit" ?disabled=${emailStatus === 'sending'}>${msg('emailButton')}</button>
      <p id="alert-email-status" role="status" class=${emailStatus}>
        ${emailStatus === 'sent' ? msg('emailSent') : emailStatus === 'invalid' ? msg('emailInvalid') : emailStatus === 'failed' ? msg('unavailable') : ''}
      </p>
    </form>
  </section>`;
}
