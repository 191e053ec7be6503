import type en from '../en/common.js';

/** Welsh (Cymraeg): strings every part of the widget shares. */
const cy: Record<keyof typeof en, string> = {
  widgetLabel: 'Straeon cleifion o careloop',
  connecting: 'Yn cysylltu â careloop…',
  connected: 'Wedi cysylltu â careloop',
  unavailable: 'Nid yw careloop ar gael ar hyn o bryd',
  retry: 'Ceisio eto',
  busy: 'Mae careloop yn brysur — byddwn yn ceisio eto cyn bo hir',
  datePattern: '{d} {month} {y}',
  dateMonths: 'Ionawr,Chwefror,Mawrth,Ebrill,Mai,Mehefin,Gorffennaf,Awst,Medi,Hydref,Tachwedd,Rhagfyr',
};
export default cy;
