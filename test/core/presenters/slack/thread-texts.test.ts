import { describe, expect, it } from '@jest/globals';
import {
  actionAlreadyDone,
  notAllowed,
  ownerEdited,
  ownerFileIncomplete,
  ownerFollowUp,
  ownerMessageAttachment,
  ownerMessageInFull,
  reassignedNote,
  relayedToOwner,
  telegramRefused,
  threadIntro,
  urgencyChangedNote,
} from '../../../../src/core/presenters/slack/thread-texts.js';
import type { Attachment } from '../../../../src/core/tickets/ticket.js';
import { sampleTicket } from '../support/sample-ticket.js';

const hostile = '<!channel> <@U999> <https://evil.example|bank> Tom & Jerry';
const at = new Date('2026-12-07T02:42:00Z');

describe('thread texts', () => {
  it('explain in the first message how to write to the owner', () => {
    expect(threadIntro()).toContain('internal notes');
    expect(threadIntro()).toContain('Reply to owner');
  });

  it('mark what the owner was sent and by whom', () => {
    expect(relayedToOwner({ staffUserId: 'U0LIWEI', text: 'Coming at 3\nBring keys' })).toBe(
      '📨 Sent to the owner by <@U0LIWEI>:\n>Coming at 3\n>Bring keys',
    );
  });

  it('quote a follow-up with its attachments', () => {
    const text = ownerFollowUp({ text: 'Here is a photo', attachments: [{ kind: 'photo', fileId: 'x' }] });
    expect(text).toContain('>Here is a photo');
    expect(text).toContain('1 photo');
    expect(ownerFollowUp({ text: '', attachments: [{ kind: 'voice', fileId: 'v' }] })).toContain(
      '1 voice message',
    );
  });

  it('report a refusal by Telegram', () => {
    expect(telegramRefused({ description: 'Forbidden: bot was blocked by the user' })).toBe(
      '⚠️ Telegram refused the message to the owner: Forbidden: bot was blocked by the user. ' +
        'They may have blocked the bot; try the phone number on the card.',
    );
  });

  it('say who already acknowledged a ticket, and when', () => {
    const ticket = sampleTicket({ status: 'acknowledged', acknowledged: { by: 'U0LIWEI', at } });
    expect(actionAlreadyDone({ ticket, timeZone: 'Asia/Shanghai' })).toBe(
      `Already acknowledged by <@U0LIWEI> <!date^${at.getTime() / 1000}^{date_short_pretty} at {time}|Mon 7 Dec at 10:42>.`,
    );
    const resolved = sampleTicket({ status: 'resolved', resolved: { by: 'U0LIWEI', at, note: 'done' } });
    expect(actionAlreadyDone({ ticket: resolved, timeZone: 'Asia/Shanghai' })).toMatch(
      /^Already resolved by <@U0LIWEI>/,
    );
    expect(actionAlreadyDone({ ticket: sampleTicket({ status: 'closed' }), timeZone: 'UTC' })).toContain(
      'closed',
    );
  });

  it('name the department in a refusal', () => {
    expect(notAllowed({ department: 'greening' })).toContain('Greening staff');
  });

  it('note reassignments and urgency changes', () => {
    expect(reassignedNote({ from: 'maintenance', to: 'security', by: 'U0LIWEI' })).toBe(
      '↪️ <@U0LIWEI> moved this ticket from *Maintenance* to *Security*.',
    );
    const note = urgencyChangedNote({
      from: 'ordinary',
      to: 'emergency',
      by: 'U0LIWEI',
      newDeadline: at,
      timeZone: 'Europe/London',
    });
    expect(note).toMatch(/^🔴 <@U0LIWEI> changed the urgency from \*Ordinary\* to \*Emergency\*/);
    expect(note).toContain('|Mon 7 Dec at 02:42>');
  });

  it('list what the owner file lacks', () => {
    expect(ownerFileIncomplete(['unit', 'phone'])).toContain('no unit, phone');
  });

  it.each<Attachment>([
    { kind: 'photo', fileId: 'p' },
    { kind: 'document', fileId: 'd', fileName: 'plan.pdf' },
    { kind: 'voice', fileId: 'v' },
    { kind: 'video', fileId: 'v' },
    { kind: 'audio', fileId: 'a' },
    { kind: 'location', latitude: 31.2, longitude: 121.5 },
    { kind: 'contact' },
    { kind: 'sticker', fileId: 's' },
  ])('describe a $kind from the owner', (attachment) => {
    expect(ownerMessageAttachment(attachment)).toMatch(/owner/);
  });

  describe('never let owner text ping or disguise a link', () => {
    const texts = [
      ownerFollowUp({ text: hostile, attachments: [{ kind: 'document', fileId: 'd', fileName: hostile }] }),
      ownerEdited({ text: hostile }),
      ownerMessageInFull({ text: hostile }),
      relayedToOwner({ staffUserId: 'U0LIWEI', text: hostile }),
      telegramRefused({ description: hostile }),
      ownerMessageAttachment({ kind: 'document', fileId: 'd', fileName: hostile }),
      ownerMessageAttachment({ kind: 'audio', fileId: 'a', fileName: hostile }),
    ];

    it.each(texts.map((text, index) => [index, text]))('text %i', (_index, text) => {
      expect(text).not.toMatch(/<!channel>|<@U999>|<https:\/\/evil/);
      expect(text).toContain('Tom &amp; Jerry');
      expect(text).not.toContain('&amp;amp;');
    });
  });
});
