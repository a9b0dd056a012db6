import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  click,
  ownerFactory,
  reportAndWaitForCard,
  submitModal,
  threadReply,
} from '../support/slack-staff.js';
import { CHANNELS, PEOPLE, startTestService, type TestService } from '../support/start-test-service.js';

describe('staff working tickets in Slack', () => {
  let t: TestService;
  const newOwner = ownerFactory(() => t, 800_000_001);

  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('keeps thread replies internal unless they start with "to owner:", and marks what the owner saw', async () => {
    const owner = newOwner();
    const { number, card } = await reportAndWaitForCard(
      t,
      owner,
      'The corridor light on floor 12 keeps flickering',
      CHANNELS.maintenance,
    );
    const before = owner.received().length;

    expect(
      (
        await threadReply(t, {
          user: PEOPLE.plumber,
          card,
          text: 'Probably the ballast, I will check tomorrow',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await threadReply(t, {
          user: PEOPLE.plumber,
          card,
          text: 'to owner: We will replace the lamp tomorrow at 10 &amp; check the wiring.',
        })
      ).status,
    ).toBe(200);

    const relayed = await owner.waitForMessage(/replace the lamp tomorrow at 10 & check the wiring/, {
      timeoutMs: 8000,
    });
    expect(relayed.text).toContain(number);
    const toOwner = owner.received().slice(before);
    expect(toOwner.join('\n')).not.toContain('ballast');
    await t.slack.waitFor(
      () => t.slack.threadOf(card.channel, card.ts).some((m) => m.text.startsWith('📨')),
      { timeoutMs: 5000 },
    );
    const marker = t.slack.threadOf(card.channel, card.ts).find((m) => m.text.startsWith('📨'))!;
    expect(marker.text).toContain(`<@${PEOPLE.plumber}>`);
    expect(marker.text).toContain('replace the lamp tomorrow at 10 &amp; check the wiring');
  });

  it('refuses clicks from people outside the department, ephemerally, and changes nothing', async () => {
    const owner = newOwner();
    const { card } = await reportAndWaitForCard(
      t,
      owner,
      'Water is leaking from the ceiling of my bathroom',
      CHANNELS.maintenance,
    );
    const before = owner.received().length;
    const response = await click(t, { user: PEOPLE.guard, card, action: 'ticket.ack' });
    expect(response.status).toBe(200);
    const refusal = await t.slack.waitForResponse((r) => JSON.stringify(r.body).includes('only'), {
      timeoutMs: 5000,
    });
    expect(refusal.body).toMatchObject({ response_type: 'ephemeral' });
    const stranger = await click(t, { user: 'U0STRANGER9', card, action: 'ticket.resolve' });
    expect(stranger.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(owner.received().slice(before)).toEqual([]);
    expect(t.slack.callsTo('views.open').filter((c) => JSON.stringify(c.params).includes(card.ts))).toEqual(
      [],
    );
  });

  it('acknowledges once when two people click at the same time, and tells the second what already happened', async () => {
    const owner = newOwner();
    const { card } = await reportAndWaitForCard(
      t,
      owner,
      'The hot water in my flat is not working since this morning',
      CHANNELS.maintenance,
    );
    const before = owner.received().length;
    const [a, b] = await Promise.all([
      click(t, { user: PEOPLE.plumber, card, action: 'ticket.ack' }),
      click(t, { user: PEOPLE.electrician, card, action: 'ticket.ack' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await owner.waitForMessage(/in hand/, { timeoutMs: 8000 });
    const already = await t.slack.waitForResponse(
      (r) => JSON.stringify(r.body).includes('Already acknowledged'),
      {
        timeoutMs: 5000,
      },
    );
    expect(already.body).toMatchObject({ response_type: 'ephemeral' });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(
      owner
        .received()
        .slice(before)
        .filter((text) => /in hand/.test(text)),
    ).toHaveLength(1);
  });

  it('reassigns to another department: a new card there, the old card points to it, the correction is kept', async () => {
    const owner = newOwner();
    const { number, card } = await reportAndWaitForCard(
      t,
      owner,
      'There is a strange man trying door handles in the car park',
      CHANNELS.security,
    );
    await click(t, { user: PEOPLE.guard, card, action: 'ticket.reassign', selected: 'maintenance' });
    const moved = await t.slack.waitForPost(CHANNELS.maintenance, new RegExp(number), { timeoutMs: 8000 });
    expect(moved.thread_ts).toBeUndefined();
    await t.slack.waitFor(
      () => /moved|Moved/.test(JSON.stringify(t.slack.message(card.channel, card.ts)?.blocks ?? [])),
      {
        timeoutMs: 5000,
      },
    );
    const oldCard = JSON.stringify(t.slack.message(card.channel, card.ts)?.blocks);
    expect(oldCard).not.toContain('ticket.ack');
    const corrections = await t.service.connection
      .collection('classifier_corrections')
      .find({ ticketNumber: number })
      .toArray();
    expect(corrections).toEqual([
      expect.objectContaining({ field: 'specialty', from: 'security', to: 'maintenance', by: PEOPLE.guard }),
    ]);
    await owner.waitForMessage(new RegExp(`${number}[\\s\\S]*Maintenance|Maintenance[\\s\\S]*${number}`), {
      timeoutMs: 5000,
    });
  });

  it('sends a cannot-resolve explanation to the owner and raises it with the supervisors', async () => {
    const owner = newOwner();
    const { number, card } = await reportAndWaitForCard(
      t,
      owner,
      'My neighbour parks in my parking space every night',
      CHANNELS.security,
    );
    const submitted = await submitModal(t, {
      user: PEOPLE.guard,
      card,
      action: 'ticket.cannot',
      block: 'ticket.cannot.explanation',
      text: 'Parking spaces are private property; we can only ask the neighbour, not tow the car.',
    });
    expect(submitted.status).toBe(200);
    await owner.waitForMessage(/only ask the neighbour/, { timeoutMs: 8000 });
    await t.slack.waitForPost(CHANNELS.supervisors, new RegExp(number), { timeoutMs: 5000 });
  });

  it('escapes owner text so <!channel> pings nobody', async () => {
    const owner = newOwner();
    const { card } = await reportAndWaitForCard(
      t,
      owner,
      'URGENT <!channel> the lift is broken <https://evil.example|click> & stuck',
      CHANNELS.maintenance,
    );
    const json = JSON.stringify(card.blocks) + card.text;
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil.example');
    expect(json).toContain('&lt;!channel&gt;');
    expect(json).toContain('&amp; stuck');
  });

  it('refuses requests with a bad signature', async () => {
    const response = await t.postToSlack(
      { type: 'event_callback', event: { type: 'message' } },
      { badSignature: true },
    );
    expect(response.status).toBe(401);
  });

  it('tells the thread when Telegram refuses a message because the owner blocked the bot', async () => {
    const owner = newOwner();
    const { card } = await reportAndWaitForCard(
      t,
      owner,
      'The bin room smells terrible, nobody emptied the bins',
      CHANNELS.cleaning,
    );
    owner.block();
    await click(t, { user: PEOPLE.cleaner, card, action: 'ticket.ack' });
    await t.slack.waitFor(
      () => t.slack.threadOf(card.channel, card.ts).some((m) => m.text.includes('Telegram refused')),
      { timeoutMs: 8000 },
    );
    const note = t.slack.threadOf(card.channel, card.ts).find((m) => m.text.includes('Telegram refused'))!;
    expect(note.text).toMatch(/blocked/);
  });
});
