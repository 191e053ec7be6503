/** Strings of the widget's public mode (English, the source). */
export default {};
