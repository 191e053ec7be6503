import type en from '../en/common.js';

/** Scottish Gaelic (Gàidhlig): strings every part of the widget shares. */
const gd: Record<keyof typeof en, string> = {
  widgetLabel: 'Sgeulachdan euslaintich bho careloop',
  connecting: 'A’ ceangal ri careloop…',
  connected: 'Ceangailte ri careloop',
  unavailable: 'Chan eil careloop ri fhaighinn an-dràsta',
  retry: 'Feuch a-rithist',
  busy: 'Tha careloop trang — feuchaidh sinn a-rithist a dh’aithghearr',
  datePattern: '{d}mh {month} {y}',
  dateMonths:
    'dhen Fhaoilleach,dhen Ghearran,dhen Mhàrt,dhen Ghiblean,dhen Chèitean,dhen Ògmhios,dhen Iuchar,dhen Lùnastal,dhen t-Sultain,dhen Dàmhair,dhen t-Samhain,dhen Dùbhlachd',
};
export default gd;
