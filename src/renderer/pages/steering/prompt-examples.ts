/**
 * Example prompts from the SAE's dataset: a validation sample's opening words, cut at the last
 * clause end (, ; :) within `words` words when that leaves more than 20 characters — a prompt the
 * model continues naturally, short enough that the continuation is what one reads.
 */
export function openingOf(text: string, words = 12): string {
  const head = text.replace(/\s+/g, ' ').trim().split(' ').slice(0, words).join(' ');
  const cut = head.search(/[,;:](?=[^,;:]*$)/);
  return cut > 20 ? head.slice(0, cut + 1) : head;
}
