import type { Attachment } from '../../tickets/ticket.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';

const NOUNS: Record<Attachment['kind'], [string, string]> = {
  photo: ['photo', 'photos'],
  document: ['document', 'documents'],
  voice: ['voice message', 'voice messages'],
  video: ['video', 'videos'],
  audio: ['audio file', 'audio files'],
  location: ['location', 'locations'],
  contact: ['contact', 'contacts'],
  sticker: ['sticker', 'stickers'],
};

const MAX_NAMES = 5;
const MAX_NAME_LENGTH = 80;

const fileName = (name: string): string =>
  escapeMrkdwn(name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH - 1)}…` : name);

const locationLink = (latitude: number, longitude: number): string =>
  `<https://maps.google.com/?q=${latitude},${longitude}|📍 ${latitude.toFixed(5)}, ${longitude.toFixed(5)}>`;

/**
 * What an owner sent besides text, in mrkdwn for staff: "2 photos, 1 document (plan.pdf), 📍 31.23, 121.47";
 * file names are escaped. Empty when there is nothing.
 */
export function attachmentSummary(attachments: readonly Attachment[]): string {
  const counts = new Map<Attachment['kind'], number>();
  for (const attachment of attachments) counts.set(attachment.kind, (counts.get(attachment.kind) ?? 0) + 1);
  const parts: string[] = [];
  for (const [kind, count] of counts) {
    if (kind === 'location') continue;
    let part = `${count} ${NOUNS[kind][count === 1 ? 0 : 1]}`;
    if (kind === 'document') {
      const names = attachments.flatMap((a) => (a.kind === 'document' && a.fileName ? [a.fileName] : []));
      if (names.length > 0) {
        const shown = names.slice(0, MAX_NAMES).map(fileName).join(', ');
        part += ` (${shown}${names.length > MAX_NAMES ? ', …' : ''})`;
      }
    }
    parts.push(part);
  }
  for (const attachment of attachments) {
    if (attachment.kind !== 'location') continue;
    const { latitude, longitude } = attachment;
    parts.push(
      Number.isFinite(latitude) && Number.isFinite(longitude)
        ? locationLink(latitude as number, longitude as number)
        : '📍 location',
    );
  }
  return parts.join(', ');
}
