import { html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { AdminView } from '../admin-view.js';
import { ApiError, type Me } from '../api.js';
import type { AdminKey } from '../l10n/index.js';

/**
 * The second step of signing in, for an account with two-step sign-in on: the code the authenticator
 * app shows, or one of the recovery codes. Shown by `<careloop-admin>` in place of the password form.
 *
 * @summary The code step of staff sign-in.
 *
 * @fires careloop-admin-code-accepted - Signed in; `detail` is the account (`Me`).
 * @fires careloop-admin-code-cancelled - The person chose to start again with their email and password.
 */
export class CareloopAdminCodeStep extends AdminView {
  /** The challenge `POST /sessions` answered with the right password. */
  @property({ attribute: false }) challenge = '';

  @state() private recovery = false;
  @state() private missing = false;

  override firstUpdated(): void {
    void this.focusSoon('input');
  }

  private async submitCode(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    const value = input.value.trim();
    this.missing = !value;
    if (!value) return void this.focusSoon('input');
    let refused: AdminKey | undefined;
    const me = await this.run(async () => {
      try {
        const proof = this.recovery ? { recoveryCode: value } : { code: value.replace(/\s/g, '') };
        return await this.api!.completeSignIn(this.challenge, proof, this.l10n.locale);
      } catch (error) {
        if (error instanceof ApiError && [400, 401, 429].includes(error.status)) {
          refused = error.status === 429 ? 'tooMany' : 'wrongCode';
          return undefined;
        }
        throw error;
      }
    });
    if (refused) {
      this.error = { key: refused, fields: [] };
      input.select();
      return void this.focusSoon('.error');
    }
    if (me) this.fire('careloop-admin-code-accepted', me);
  }

  private toggleRecovery(): void {
    this.recovery = !this.recovery;
    this.error = undefined;
    void this.focusSoon('input');
  }

  private fire(type: string, detail: Me | Record<string, never> = {}): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  protected override render() {
    const label: AdminKey = this.recovery ? 'recoveryCodeLabel' : 'codeLabel';
    return html`<h2 tabindex="-1">${this.t('codeStepHeading')}</h2>
      ${this.messages()}
      <p class="hint">${this.t(this.recovery ? 'recoveryStepIntro' : 'codeStepIntro')}</p>
      <form novalidate @submit=${this.submitCode}>
        <label for="code">${this.t(label)}</label>
        <input
          id="code"
          name="code"
          autocomplete="one-time-code"
          inputmode=${this.recovery ? 'text' : 'numeric'}
          spellcheck="false"
          aria-invalid=${this.missing ? 'true' : 'false'}
          aria-describedby=${this.missing ? 'code-error' : ''}
        />
        ${this.missing ? html`<p id="code-error" class="field-error">${this.t('required')}</p>` : ''}
        <div class="row">
          <button type="submit" ?disabled=${this.busy}>${this.t('verifyCode')}</button>
          <button type="button" class="secondary" @click=${this.toggleRecovery}>
            ${this.t(this.recovery ? 'useAppCode' : 'useRecoveryCode')}
          </button>
          <button type="button" class="secondary" @click=${() => this.fire('careloop-admin-code-cancelled')}>
            ${this.t('startAgain')}
          </button>
        </div>
      </form>`;
  }
}
