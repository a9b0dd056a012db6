import type { OutboxMessage } from '../outbox/outbox-message.js';
import { ownerMessageAttachment } from '../presenters/slack/thread-texts.js';
import type { Attachment } from '../tickets/ticket.js';

const FILE_NAMES: Partial<Record<Attachment['kind'], string>> = {
  photo: 'photo.jpg',
  voice: 'voice.ogg',
  video: 'video.mp4',
  audio: 'audio.mp3',
};

/** Thread posts that copy an owner message's attachments (photos, files, voice, location) into the Slack thread. */
export function attachmentEffects(
  ticketId: string,
  messageId: number,
  attachments: Attachment[],
): OutboxMessage[] {
  return attachments.map((attachment, index) => ({
    key: `ticket:${ticketId}:msg:${messageId}:attachment:${index}`,
    kind: 'slack.thread',
    ticketId,
    text: ownerMessageAttachment(attachment),
    ...(attachment.fileId
      ? {
          file: {
            fileId: attachment.fileId,
            fileName: attachment.fileName ?? FILE_NAMES[attachment.kind] ?? 'file',
            title: attachment.fileName ?? attachment.kind,
          },
        }
      : {}),
  }));
}
