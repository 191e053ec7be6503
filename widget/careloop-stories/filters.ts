import { html, nothing } from 'lit';
import type { ServiceDetail, StoryFilters } from '../api/stories.js';
import type { Words } from './templates.js';

/** What the filters read of the list, and what they tell it. */
export interface FiltersView {
  words: Words;
  filters: StoryFilters;
  /** The tags to offer, most used first. */
  tags: string[];
  /** The service whose stories are listed: its children are what a reader may narrow to. */
  service: string;
  serviceDetail?: ServiceDetail;
  /** Whether the disclosure is open, and it being opened or closed. */
  open: boolean;
  toggled(open: boolean): void;
  apply(event: SubmitEvent): void;
}

/** "Filter stories": a search box and the tag, service and response filters, behind a disclosure. */
export function filtersDisclosure(view: FiltersView) {
  const { filters, serviceDetail } = view;
  const { msg } = view.words;
  const children = serviceDetail?.children.filter((child) => !child.retired) ?? [];
  return html`<details
    class="filter-disclosure"
    ?open=${view.open}
    @toggle=${(event: Event) => view.toggled((event.target as HTMLDetailsElement).open)}
  >
    <summary>${msg('filterStories')}</summary>
    <form
      class="filters"
      role="search"
      aria-label=${msg('searchStories')}
      @submit=${(event: SubmitEvent) => view.apply(event)}
    >
      <label class="q"
        >${msg('searchLabel')} <input name="q" type="search" maxlength="200" .value=${filters.q ?? ''}
      /></label>
      <label
        >${msg('filterTag')}
        <select name="tag">
          <option value="">${msg('anyTag')}</option>
          ${view.tags.map((tag) => html`<option ?selected=${tag === filters.tag}>${tag}</option>`)}
        </select>
      </label>
      ${
        view.service
          ? html`<label
              >${msg('filterService')}
              <select name="service">
                <option value="">${serviceDetail?.name ?? msg('allStories')}</option>
                ${children.map(
                  (child) =>
                    html`<option value=${child.id} ?selected=${child.id === filters.service}>
                      ${child.name}
                    </option>`,
                )}
              </select>
            </label>`
          : nothing
      }
      <label
        >${msg('filterResponded')}
        <select name="responded">
          <option value="">${msg('respondedAny')}</option>
          <option value="true" ?selected=${filters.responded === 'true'}>${msg('respondedYes')}</option>
          <option value="false" ?selected=${filters.responded === 'false'}>${msg('respondedNo')}</option>
        </select>
      </label>
      <button type="submit">${msg('applyFilters')}</button>
    </form>
  </details>`;
}
