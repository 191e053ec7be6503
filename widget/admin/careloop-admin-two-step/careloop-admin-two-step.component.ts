import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { ApiAnswer } from '../../api/answers.js';
import { AdminView } from '../admin-view.js';
import { adminStyles } from '../admin.styles.js';

type Enrolment = ApiAnswer<'/account/second-factor', 'post', 201>;
type RecoveryCodes = ApiAnswer<'/account/second-factor/confirmation', 'post', 201>;

/**
 * Two-step sign-in for the signed-in account: set it up with an authenticator app (a QR code, or the
 * secret typed in), confirm with a code, and keep the recovery codes, shown this once. `<careloop-admin>`
 * shows it as a section, and alone while the account must set it up before anything else.
 *
 * @summary Set up two-step sign-in.
 *
 * @fires careloop-admin-two-step-on - Two-step sign-in is on and the person has seen their recovery codes.
 */
export class CareloopAdminTwoStep extends AdminView {
  static override styles = [
    adminStyles,
    css`
      /* The QR code keeps a white quiet zone in dark mode too, or phone cameras cannot read it. */
      .qr {
        display: block;
        background: #fff;
      }
      .secret,
      .recovery-codes code {
        font-family: ui-monospace, monospace;
        letter-spacing: 0.05em;
        overflow-wrap: anywhere;
      }
    `,
  ];
  @state() private enrolment?: Enrolment;
  @state() private recoveryCodes?: string[];
  @state() private missing = false;

  private async start(): Promise<void> {
    const enrolment = await this.run(() => this.api!.call<Enrolment>('POST', 'account/second-factor'));
    if (!enrolment) return;
    this.enrolment = enrolment;
    void this.focusSoon('#two-step-code');
  }

  private async confirm(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    const code = input.value.replace(/\s/g, '');
    this.missing = !code;
    if (!code) return void this.focusSoon('#two-step-code');
    const answer = await this.run(() =>
      this.api!.call<RecoveryCodes>('POST', 'account/second-factor/confirmation', { code }),
    );
    if (!answer) return;
    this.enrolment = undefined;
    this.recoveryCodes = answer.recoveryCodes;
    this.say('twoStepTurnedOn');
    void this.focusSoon('h3');
  }

  private finish(): void {
    this.recoveryCodes = undefined;
    this.dispatchEvent(new CustomEvent('careloop-admin-two-step-on', { bubbles: true, composed: true }));
  }

  protected override render() {
    return html`<h3 tabindex="-1">
        ${this.t(this.recoveryCodes ? 'recoveryCodesHeading' : 'twoStepHeading')}
      </h3>
      ${this.messages()} ${this.renderStep()}`;
  }

  private renderStep() {
    if (this.recoveryCodes) {
      return html`<p>${this.t('recoveryCodesIntro')}</p>
        <ul class="recovery-codes" aria-label=${this.t('recoveryCodesHeading')}>
          ${this.recoveryCodes.map((code) => html`<li><code>${code}</code></li>`)}
        </ul>
        <button type="button" @click=${this.finish}>${this.t('recoveryCodesSaved')}</button>`;
    }
    if (this.enrolment) {
      const { qrCode, secret } = this.enrolment;
      return html`<p>${this.t('twoStepScan')}</p>
        <img class="qr" src=${qrCode} alt=${this.t('twoStepQrAlt')} width="200" height="200" />
        <p>${this.t('twoStepTypeSecret')} <code class="secret">${secret}</code></p>
        <form novalidate @submit=${this.confirm}>
          <label for="two-step-code">${this.t('codeLabel')}</label>
          <input
            id="two-step-code"
            name="code"
            autocomplete="one-time-code"
            inputmode="numeric"
            aria-invalid=${this.missing ? 'true' : 'false'}
          />
          ${this.missing ? html`<p class="field-error">${this.t('required')}</p>` : nothing}
          <div class="row">
            <button type="submit" ?disabled=${this.busy}>${this.t('twoStepConfirm')}</button>
          </div>
        </form>`;
    }
    if (this.me?.secondFactor.enabled) return html`<p>${this.t('twoStepIsOn')}</p>`;
    return html`<p>${this.t(this.me?.secondFactor.required ? 'twoStepRequired' : 'twoStepIntro')}</p>
      <button type="button" ?disabled=${this.busy} @click=${this.start}>${this.t('twoStepStart')}</button>`;
  }
}
