import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ownerFactory, submitModal } from '../support/slack-staff.js';
import { CHANNELS, PEOPLE, startTestService, type TestService } from '../support/start-test-service.js';

describe('owners in Telegram', () => {
  let t: TestService;
  const newOwner = ownerFactory(() => t, 900_000_001);

  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('serves a Chinese-speaking owner in Chinese, from report to resolution', async () => {
    const owner = newOwner('zh-hans');
    owner.sendText('电梯坏了，我家老人被困在电梯里了！！快来人');
    const receipt = await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 8000 });
    const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
    expect(receipt.text).toMatch(/紧急/);
    expect(receipt.text).toContain('+86 21 5555 0110');
    const card = await t.slack.waitForPost(CHANNELS.maintenance, new RegExp(number), { timeoutMs: 8000 });
    expect(card.text).toMatch(/Emergency/);
    await submitModal(t, {
      user: PEOPLE.plumber,
      card,
      action: 'ticket.resolve',
      block: 'ticket.resolve.note',
      text: '电梯已修复，人员已安全救出。',
    });
    const resolved = await owner.waitForMessage(/电梯已修复/, { timeoutMs: 8000 });
    expect(resolved.text).toContain(number);
    expect(resolved.text).toMatch(/已/);
  });

  it('registers the owner: name, building, unit, and phone through the contact button', async () => {
    const owner = newOwner();
    owner.sendCommand('/start');
    const askName = await owner.waitForMessage(/name/i, { timeoutMs: 8000 });
    owner.sendText('Grace Hopper', { replyTo: askName.message_id });
    const askBuilding = await owner.waitForMessage(/building/i, { timeoutMs: 8000 });
    owner.sendText('Block 7', { replyTo: askBuilding.message_id });
    const askUnit = await owner.waitForMessage(/unit|flat/i, { timeoutMs: 8000 });
    owner.sendText('7-1502', { replyTo: askUnit.message_id });
    const askPhone = await owner.waitForMessage(/phone/i, { timeoutMs: 8000 });
    expect(JSON.stringify(t.telegram.sent('sendMessage').at(-1)?.params)).toContain('request_contact');
    void askPhone;
    owner.sendContact({ phone_number: '+8613912345678', user_id: owner.chatId });
    await owner.waitForMessage(/thank/i, { timeoutMs: 8000 });
    const file = await t.service.connection.collection('owners').findOne({ telegramUserId: owner.chatId });
    expect(file).toMatchObject({
      name: 'Grace Hopper',
      building: 'Block 7',
      unit: '7-1502',
      phone: '+8613912345678',
    });
  });

  it('asks whether a second message belongs to the open ticket, and files it where the owner says', async () => {
    const owner = newOwner();
    owner.sendText('The garden sprinkler outside block 3 is broken and spraying the path');
    const receipt = await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 8000 });
    const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
    const card = await t.slack.waitForPost(CHANNELS.greening, new RegExp(number), { timeoutMs: 8000 });

    const followUp = owner.sendText('Now the water is reaching the lobby door');
    const question = await owner.waitForMessage(/about that ticket, or a new problem/, { timeoutMs: 8000 });
    const keyboards = JSON.stringify(t.telegram.sent('sendMessage').map((r) => r.params.reply_markup));
    expect(keyboards).toContain(`fu:${followUp.message!.message_id}:${number}`);
    owner.pressButton({
      messageId: question.message_id,
      data: `fu:${followUp.message!.message_id}:${number}`,
    });

    await t.slack.waitFor(
      () => t.slack.threadOf(card.channel, card.ts).some((m) => m.text.includes('reaching the lobby door')),
      { timeoutMs: 8000 },
    );
    owner.sendText('And it is getting worse');
    await t.slack.waitFor(
      () => t.slack.threadOf(card.channel, card.ts).some((m) => m.text.includes('getting worse')),
      { timeoutMs: 8000 },
    );
    const questions = t.telegram.sent('sendMessage').filter((r) => JSON.stringify(r.params).includes('fu:'));
    expect(questions).toHaveLength(1);
  });

  it('shows an edited report in the thread and on the card', async () => {
    const owner = newOwner();
    const sent = owner.sendText('Graffiti on the wall near the bike shed');
    const receipt = await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 8000 });
    const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
    const card = await t.slack.waitForPost(CHANNELS.cleaning, new RegExp(number), { timeoutMs: 8000 });
    owner.editText(sent.message!.message_id, 'Graffiti on the wall near the bike shed and on the lift doors');
    await t.slack.waitFor(
      () => t.slack.threadOf(card.channel, card.ts).some((m) => m.text.includes('on the lift doors')),
      { timeoutMs: 8000 },
    );
    await t.slack.waitFor(
      () => JSON.stringify(t.slack.message(card.channel, card.ts)?.blocks).includes('lift doors'),
      {
        timeoutMs: 8000,
      },
    );
  });

  it('lists open tickets on /status', async () => {
    const owner = newOwner();
    owner.sendText('Someone left rubbish bags in the stairwell');
    const receipt = await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 8000 });
    const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
    owner.sendCommand('/status');
    const status = await owner.waitForMessage(new RegExp(`${number}[\\s\\S]*|status`), { timeoutMs: 8000 });
    expect(status.text).toContain(number);
  });

  it('turns a photo without a caption into a report, with the photo in the thread', async () => {
    const owner = newOwner();
    owner.sendPhoto();
    const receipt = await owner.waitForMessage(/[A-Z]-\d+/, { timeoutMs: 8000 });
    const number = /([A-Z]-\d+)/.exec(receipt.text ?? '')![1]!;
    const card = await t.slack.waitForPost(CHANNELS.general, new RegExp(number), { timeoutMs: 8000 });
    await t.slack.waitFor(
      () => t.slack.threadOf(card.channel, card.ts).some((m) => m.text.includes('Photo')),
      {
        timeoutMs: 8000,
      },
    );
  });
});
