/**
 * Words that say nothing about a story on their own: left out of `searchTerms`, and ignored in `q`,
 * so "the nurse on the ward" finds stories with "nurse" and "ward".
 */
const stopWords = new Set(
  `a about above after again against all am an and any are as at be because been before being below
  between both but by can could did do does doing down during each few for from further had has have
  having he her here hers herself him himself his how i if in into is it its itself just me more most my
  myself no nor not now of off on once only or other our ours ourselves out over own same she should so
  some such than that the their theirs them themselves then there these they this those through to too
  under until up very was we were what when where which while who whom why will with would you your
  yours yourself yourselves`.split(/\s+/),
);

/** Longest word kept: longer runs are not words anyone searches for (and would bloat the index). */
const maxWordLength = 40;

/**
 * The normalised words of `text`: lower-cased, accents folded (`café` → `cafe`), split on anything that
 * is not a letter or digit, stop words dropped, each word once, in order of first appearance.
 */
export function searchWords(text: string): string[] {
  const words = new Set<string>();
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  for (const word of folded.split(/[^\p{L}\p{N}]+/u)) {
    if (word && word.length <= maxWordLength && !stopWords.has(word)) words.add(word);
  }
  return [...words];
}

/** What a story is searched by: the words of its title and body. */
export function storySearchTerms(title: string, body: string): string[] {
  return searchWords(`${title}\n${body}`);
}

/** Every tag of a story, trimmed and lower-cased, each once: what the `tag` filter matches. */
export function storyTagList(tags: { good: string[]; improve: string[]; feelings: string[] }): string[] {
  return [...new Set([...tags.good, ...tags.improve, ...tags.feelings].map(normaliseTag))];
}

export function normaliseTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLowerCase();
}
