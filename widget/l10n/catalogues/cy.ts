import type { Catalogue } from '../catalogue.js';

/** Welsh (Cymraeg). Loaded only when a page or element asks for `lang="cy"`. */
const cy: Catalogue = {
  widgetLabel: 'Straeon cleifion o careloop',
  connecting: 'Yn cysylltu â careloop…',
  connected: 'Wedi cysylltu â careloop',
  unavailable: 'Nid yw careloop ar gael ar hyn o bryd',
  retry: 'Ceisio eto',
};

export default cy;
