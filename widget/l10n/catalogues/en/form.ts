/** Strings of the widget's form mode (English, the source). */
export default {};
