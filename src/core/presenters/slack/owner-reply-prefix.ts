/** Prefixes that make a reply in a ticket thread go to the owner, as `threadIntro` documents them. */
export const OWNER_REPLY_PREFIXES = ['to owner:', '给业主:', '给业主：'] as const;

/**
 * The text to relay when a thread reply starts with an owner-reply prefix (any case, leading spaces allowed),
 * without the prefix; `undefined` when it is an internal note or nothing follows the prefix.
 */
export function ownerReplyText(text: string): string | undefined {
  const start = text.trimStart();
  const lower = start.toLowerCase();
  const prefix = OWNER_REPLY_PREFIXES.find((candidate) => lower.startsWith(candidate));
  if (!prefix) return undefined;
  const rest = start.slice(prefix.length).trim();
  return rest || undefined;
}
