/**
 * English: the source catalogue. Every other catalogue must translate every key here (the type checker
 * enforces it), so a missing translation is a build error rather than a silent English string.
 */
const en = {
  widgetLabel: 'Patient stories from careloop',
  connecting: 'Connecting to careloop…',
  connected: 'Connected to careloop',
  unavailable: 'careloop is unavailable right now',
  retry: 'Retry',
};

export default en;
