/**
 * 1234 → "1,234", as `Intl.NumberFormat` writes whole numbers in English, Welsh and Gaelic, the widget's
 * languages. Written here because a page's first `Intl` number format loads the browser's locale data:
 * some 17 ms on a desktop, a long task on a phone.
 */
export function wholeNumber(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+$)/g, ',');
}
