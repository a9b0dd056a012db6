import { describe, expect, it } from '@jest/globals';
import {
  TICKET_ACTIONS,
  ticketIdFromActionsBlockId,
} from '../../../../src/core/presenters/slack/action-ids.js';
import type { Block } from '../../../../src/core/presenters/slack/block-kit.js';
import {
  cardTruncatesMessage,
  type TicketCardInput,
  ticketCard,
} from '../../../../src/core/presenters/slack/ticket-card.js';
import type { Ticket, TicketStatus } from '../../../../src/core/tickets/ticket.js';
import { validateBlocks } from '../../../support/fakes/slack-validation.js';
import { sampleOwner, sampleTicket } from '../support/sample-ticket.js';

const now = new Date('2026-12-07T02:05:00Z');
const at = new Date('2026-12-07T02:42:00Z');

const card = (ticket: Ticket, changes: Partial<TicketCardInput> = {}) =>
  ticketCard({
    ticket,
    owner: sampleOwner(),
    now,
    timeZone: 'Asia/Shanghai',
    staffName: (id) => (id === 'U0LIWEI' ? 'Li Wei' : undefined),
    ...changes,
  });

const actionIds = (blocks: Block[]): string[] =>
  blocks
    .filter((block) => block.type === 'actions')
    .flatMap((block) => (block.elements as { action_id: string }[]).map((element) => element.action_id));

const allText = (blocks: Block[]): string => JSON.stringify(blocks);

const ticketIn = (status: TicketStatus): Ticket =>
  sampleTicket({
    status,
    ...(status !== 'new' ? { acknowledged: { by: 'U0LIWEI', at } } : {}),
    ...(status === 'resolved' || status === 'closed'
      ? { resolved: { by: 'U0LIWEI', at, note: 'Replaced the washer.' } }
      : {}),
    ...(status === 'unresolvable'
      ? { unresolvable: { by: 'U0LIWEI', at, explanation: 'Belongs to the water company.' } }
      : {}),
  });

describe('ticket card', () => {
  it('shows urgency, number and department in the first line', () => {
    const { blocks } = card(sampleTicket({ urgency: 'emergency' }));
    expect(blocks[0]).toMatchObject({
      type: 'header',
      text: { text: '🔴 M-1042 · Maintenance · Emergency' },
    });
    expect(card(sampleTicket()).blocks[0]).toMatchObject({
      text: { text: '🟠 M-1042 · Maintenance · Urgent' },
    });
    expect(card(sampleTicket({ urgency: 'ordinary', specialty: 'general' })).blocks[0]).toMatchObject({
      text: { text: '⚪ M-1042 · Front desk · Ordinary' },
    });
  });

  it('shows the owner, where they live, their phone, the message and the classification', () => {
    const json = allText(card(sampleTicket()).blocks);
    for (const expected of [
      'Wang Mei',
      'Building 3',
      'unit 1502',
      '+86 138 0000 0000',
      'leaking from the ceiling',
    ]) {
      expect(json).toContain(expected);
    }
    expect(json).toContain('Maintenance 92%');
    expect(json).toContain('“ceiling”');
    expect(json).toContain('In-unit service (may be chargeable) 60%');
  });

  it('says what is missing from the owner file', () => {
    const json = allText(
      card(sampleTicket(), { owner: sampleOwner({ building: undefined, phone: undefined }) }).blocks,
    );
    expect(json).toContain('Owner file incomplete: no building, phone');
    expect(allText(card(sampleTicket()).blocks)).not.toContain('incomplete');
  });

  it('uses the Telegram name when the owner gave none, and copes without an owner file', () => {
    expect(allText(card(sampleTicket(), { owner: sampleOwner({ name: undefined }) }).blocks)).toContain(
      '*Mei* _(Telegram name)_',
    );
    expect(allText(card(sampleTicket(), { owner: undefined }).blocks)).toContain('file not found');
  });

  it('writes deadlines as Slack dates with a readable fallback in the estate zone, marking overdue ones', () => {
    const json = allText(card(sampleTicket(), { now: new Date('2026-12-07T02:30:00Z') }).blocks);
    const ackUnix = Date.parse('2026-12-07T02:15:00Z') / 1000;
    expect(json).toContain(`<!date^${ackUnix}^{date_short_pretty} at {time}|Mon 7 Dec at 10:15>`);
    expect(json).toContain('overdue');
    expect(allText(card(sampleTicket()).blocks)).not.toContain('overdue');
  });

  it('summarises attachments, escaping file names', () => {
    const ticket = sampleTicket({
      attachments: [
        { kind: 'photo', fileId: 'a' },
        { kind: 'photo', fileId: 'b' },
        { kind: 'document', fileId: 'c', fileName: 'plan <!here>.pdf' },
        { kind: 'location', latitude: 31.2304, longitude: 121.4737 },
      ],
    });
    const json = allText(card(ticket).blocks);
    expect(json).toContain('2 photos, 1 document (plan &lt;!here&gt;.pdf)');
    expect(json).toContain('31.23040, 121.47370');
  });

  describe('actions', () => {
    const all = Object.values(TICKET_ACTIONS);
    const withoutAck = all.filter((id) => id !== TICKET_ACTIONS.acknowledge);

    it.each<[TicketStatus, string[]]>([
      ['new', all],
      ['acknowledged', withoutAck],
      ['reopened', all],
      ['resolved', [TICKET_ACTIONS.reply]],
      ['unresolvable', [TICKET_ACTIONS.reply]],
      ['closed', []],
    ])('offer only what a %s ticket allows', (status, expected) => {
      expect(actionIds(card(ticketIn(status)).blocks)).toEqual(expected);
    });

    it('carry the ticket id in every button value and in the block id', () => {
      const { blocks } = card(sampleTicket());
      const actions = blocks.find((block) => block.type === 'actions')!;
      expect(ticketIdFromActionsBlockId(actions.block_id)).toBe('665f1c2e9b1d4a0012345678');
      for (const element of actions.elements as { type: string; value?: string }[]) {
        if (element.type === 'button') expect(element.value).toBe('665f1c2e9b1d4a0012345678');
      }
    });

    it('offer the other departments and urgencies, not the current ones', () => {
      const { blocks } = card(sampleTicket());
      const elements = blocks.find((block) => block.type === 'actions')!.elements as {
        action_id: string;
        options?: { value: string }[];
      }[];
      const options = (id: string) =>
        elements.find((element) => element.action_id === id)!.options!.map((option) => option.value);
      expect(options(TICKET_ACTIONS.reassign)).toEqual(['security', 'cleaning', 'greening', 'general']);
      expect(options(TICKET_ACTIONS.urgency)).toEqual(['emergency', 'ordinary']);
    });
  });

  it.each<[TicketStatus, string]>([
    ['new', 'Received'],
    ['acknowledged', 'Acknowledged* by <@U0LIWEI>'],
    ['resolved', 'Resolved* by <@U0LIWEI>'],
    ['unresolvable', 'Cannot be solved*: <@U0LIWEI>'],
    ['closed', 'Closed'],
  ])('states where a %s ticket is', (status, expected) => {
    const json = allText(card(ticketIn(status)).blocks);
    expect(json).toContain(expected);
  });

  it('shows the resolution note and the explanation', () => {
    expect(allText(card(ticketIn('resolved')).blocks)).toContain('Replaced the washer.');
    expect(allText(card(ticketIn('unresolvable')).blocks)).toContain('Belongs to the water company.');
  });

  it('says when and by whom a ticket was reopened', () => {
    const ticket = sampleTicket({
      ...ticketIn('resolved'),
      status: 'reopened',
      history: [{ at, event: 'reopen', by: 'owner', note: 'Rated 1: still leaking' }],
    });
    const json = allText(card(ticket).blocks);
    expect(json).toContain('Reopened* by the owner');
    expect(json).toContain('still leaking');
  });

  it('names the staff member in the plain fallback text', () => {
    expect(card(ticketIn('acknowledged')).text).toContain('Acknowledged by Li Wei');
    expect(card(sampleTicket()).text).toMatch(/^🟠 M-1042 · Maintenance · Urgent/);
  });

  it('says where a moved ticket went, links to it and offers no actions', () => {
    const { blocks, text } = card(sampleTicket(), {
      movedTo: {
        department: 'security',
        permalink: 'https://estate.slack.com/archives/C2/p1733540000000100',
      },
    });
    const json = allText(blocks);
    expect(json).toContain('Moved to Security');
    expect(json).toContain('<https://estate.slack.com/archives/C2/p1733540000000100|see the current card>');
    expect(actionIds(blocks)).toEqual([]);
    expect(text).toContain('moved to Security');
  });

  it('leaves out a permalink that could break the markup', () => {
    const json = allText(
      card(sampleTicket(), { movedTo: { department: 'security', permalink: 'https://x|<!channel>' } }).blocks,
    );
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('Moved to Security');
  });

  describe('with hostile owner text', () => {
    const hostile = '<!channel> <!here> <@U999> <https://evil.example|bank> Tom & Jerry';
    const ticket = sampleTicket({
      text: hostile,
      attachments: [{ kind: 'document', fileId: 'f', fileName: '<!channel>.pdf' }],
      classification: {
        ...sampleTicket().classification,
        evidence: { specialty: ['<!channel>'], urgency: [], nature: [] },
      },
      status: 'reopened',
      history: [{ at, event: 'reopen', by: 'owner', note: '<!here> again' }],
    });
    const owner = sampleOwner({
      name: '<!channel>',
      telegramName: '<!here>',
      username: '<@U1>',
      building: '<!here>',
      unit: 'A&B',
      phone: '<tel:1|x>',
    });
    const { text, blocks } = card(ticket, { owner });

    it('never lets a ping, mention or disguised link through', () => {
      for (const output of [JSON.stringify(blocks), text]) {
        expect(output).not.toMatch(/<!channel>|<!here>|<@U999>|<@U1>|<https:\/\/evil|<tel:/);
      }
    });

    it('escapes an ampersand exactly once', () => {
      const json = JSON.stringify(blocks);
      expect(json).toContain('Tom &amp; Jerry');
      expect(json).toContain('A&amp;B');
      expect(json).not.toContain('&amp;amp;');
    });
  });

  describe('with a 10,000-character message', () => {
    const long = Array.from({ length: 400 }, (_, i) => `line ${i} & more <!channel> text`)
      .join('\n')
      .padEnd(10_000, 'x');
    const ticket = sampleTicket({ text: long });
    const { blocks } = card(ticket);

    it('stays within Slack limits', () => {
      expect(() => validateBlocks(blocks)).not.toThrow();
      expect(blocks.length).toBeLessThanOrEqual(50);
      for (const block of blocks) {
        const texts = [block.text, ...((block.elements as unknown[]) ?? [])] as { text?: unknown }[];
        for (const t of texts)
          if (typeof t?.text === 'string') expect(t.text.length).toBeLessThanOrEqual(3000);
      }
    });

    it('notes that the full text is in the thread', () => {
      expect(JSON.stringify(blocks)).toContain('the full text is in the thread');
      expect(cardTruncatesMessage(long)).toBe(true);
      expect(cardTruncatesMessage('short')).toBe(false);
    });

    it('also stays within limits with one huge word of ampersands', () => {
      expect(() => validateBlocks(card(sampleTicket({ text: '&'.repeat(10_000) })).blocks)).not.toThrow();
    });
  });

  it.each<TicketStatus>(['new', 'acknowledged', 'resolved', 'unresolvable', 'reopened', 'closed'])(
    'passes Slack block validation when %s',
    (status) => {
      expect(() => validateBlocks(card(ticketIn(status)).blocks)).not.toThrow();
    },
  );
});
