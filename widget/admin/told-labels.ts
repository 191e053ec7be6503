import type { ApiRequestBody } from '../api/answers.js';
import type { AdminKey } from './l10n/index.js';

type OnBehalf = ApiRequestBody<'/stories/on-behalf', 'post'>['onBehalf'];

/** How a story entered for its author reached the person entering it, in the order the form offers. */
export const toldViaLabels: Record<OnBehalf['via'], AdminKey> = {
  'paper-form': 'viaPaperForm',
  'phone-call': 'viaPhoneCall',
  kiosk: 'viaKiosk',
  'in-person': 'viaInPerson',
};

/** How its author agreed to it being published. */
export const consentLabels: Record<OnBehalf['consent'], AdminKey> = {
  written: 'consentWritten',
  spoken: 'consentSpoken',
};
