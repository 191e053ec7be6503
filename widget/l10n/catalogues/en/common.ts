/** Strings every part of the widget shares (connection status, retry, generic errors). */
export default {
  widgetLabel: 'Patient stories from careloop',
  connecting: 'Connecting to careloop…',
  connected: 'Connected to careloop',
  unavailable: 'careloop is unavailable right now',
  retry: 'Retry',
  busy: 'careloop is busy — trying again shortly',
  datePattern: '{d} {month} {y}',
  dateMonths: 'January,February,March,April,May,June,July,August,September,October,November,December',
};
