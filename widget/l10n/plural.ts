const rules = new Map<string, Intl.PluralRules>();

/**
 * The form of a counted phrase that suits `n` in `locale`. A catalogue writes each CLDR plural category
 * it needs as `category:text`, separated by `|` ("one:{n} response|other:{n} responses"); Welsh and
 * Gaelic name more categories (two, few, many) than English. `other` is the fallback, and a message
 * with no categories is used as it is.
 */
export function pluralForm(message: string, n: number, locale: string): string {
  if (!/^(zero|one|two|few|many|other):/.test(message)) return message;
  let rule = rules.get(locale);
  if (!rule) rules.set(locale, (rule = new Intl.PluralRules(locale)));
  const forms = new Map(
    message.split('|').map((form) => {
      const colon = form.indexOf(':');
      return [form.slice(0, colon).trim(), form.slice(colon + 1)] as const;
    }),
  );
  return forms.get(rule.select(n)) ?? forms.get('other') ?? message;
}
