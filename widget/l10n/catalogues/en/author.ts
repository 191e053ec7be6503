/** Strings of the widget's author mode (English, the source). */
export default {};
