import { describe, expect, it } from '@jest/globals';
import type { Catalog } from '../../../src/core/messages/catalog.js';
import { en } from '../../../src/core/messages/en.js';
import { messagesFor } from '../../../src/core/messages/messages-for.js';
import { zh } from '../../../src/core/messages/zh.js';
import { LANGUAGES, NATURES, SPECIALTIES, URGENCIES } from '../../../src/core/taxonomy.js';
import { OWNER_FIELDS } from '../../../src/core/tickets/owner.js';
import { TICKET_STATUSES } from '../../../src/core/tickets/ticket.js';

type Samples = { [K in keyof Catalog]: Parameters<Catalog[K]>[] };

const samples: Samples = {
  specialty: SPECIALTIES.map((s) => [s]),
  urgency: URGENCIES.map((u) => [u]),
  status: TICKET_STATUSES.map((s) => [s]),
  nature: NATURES.map((n) => [n]),
  ownerField: OWNER_FIELDS.map((f) => [f]),
  startFirst: [[]],
  startReturning: [[{ name: 'Wang Mei' }], [{}]],
  help: [[{ emergencyPhone: '400-800-1234' }]],
  askName: [[]],
  askBuilding: [[]],
  askUnit: [[]],
  askPhone: [[]],
  sharePhoneButton: [[]],
  skipWord: [[]],
  registrationComplete: [[]],
  completeYourFile: [[{ missing: ['building'] }], [{ missing: ['name', 'unit', 'phone'] }]],
  ticketReceived: [
    [{ number: 'M-1042', specialty: 'maintenance', urgency: 'urgent', expectBy: 'by 14:30 today' }],
    [
      {
        number: 'S-7',
        specialty: 'security',
        urgency: 'emergency',
        expectBy: 'within 5 minutes',
        emergencyPhone: '400-800-1234',
      },
    ],
  ],
  followUpQuestion: [[{ number: 'M-1042', summary: 'Water is leaking' }]],
  followUpAttach: [['M-1042']],
  followUpNew: [[]],
  addedToTicket: [['M-1042']],
  newTicketChosen: [[]],
  buttonExpired: [[]],
  editForwarded: [['M-1042']],
  acknowledged: [[{ number: 'M-1042', staffName: 'Li Wei' }], [{ number: 'M-1042' }]],
  staffReply: [
    [{ number: 'M-1042', staffName: 'Li Wei', text: 'The plumber comes at 3 pm.' }],
    [{ number: 'M-1042', text: 'The plumber comes at 3 pm.' }],
  ],
  resolved: [[{ number: 'M-1042', note: 'Replaced the washer.' }]],
  unresolvable: [[{ number: 'M-1042', explanation: 'The pipe belongs to the water company.' }]],
  reopened: [[{ number: 'M-1042' }]],
  urgencyChanged: [
    [{ number: 'M-1042', urgency: 'ordinary', expectBy: 'by 09:00 tomorrow' }],
    [{ number: 'M-1042', urgency: 'emergency', expectBy: 'within 5 minutes', emergencyPhone: '110' }],
  ],
  reassigned: SPECIALTIES.map((specialty) => [{ number: 'M-1042', specialty }]),
  statusNone: [[]],
  statusList: [
    [
      [
        { number: 'M-1042', specialty: 'maintenance', status: 'acknowledged', createdAt: '3 Dec 10:00' },
        { number: 'C-12', specialty: 'cleaning', status: 'new', createdAt: '4 Dec 08:30' },
      ],
    ],
  ],
  returnVisitQuestion: [[{ number: 'M-1042' }]],
  returnVisitScoreButton: [[1], [5]],
  returnVisitNotFixedButton: [[]],
  returnVisitThanks: [[{ number: 'M-1042' }]],
  returnVisitCommentInvite: [[]],
  returnVisitCommentThanks: [[{ number: 'M-1042' }]],
  returnVisitReopened: [[{ number: 'M-1042', expectBy: 'within 30 minutes' }]],
  returnVisitExplanationQuestion: [[{ number: 'M-1042' }]],
  returnVisitExplanationUnclear: [[{ number: 'M-1042' }]],
  returnVisitAlreadyAnswered: [[]],
  unsupportedMessage: [[]],
  savedWillRetry: [[]],
};

const catalogs = { en, zh } as const;
const keys = Object.keys(samples) as (keyof Catalog)[];

describe('owner message catalogues', () => {
  it('have exactly the same entries in English and Chinese', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
  });

  describe.each(Object.entries(catalogs))('%s', (_language, catalog) => {
    it.each(keys)('%s returns non-empty text for every sample', (key) => {
      const entry = catalog[key] as (...args: unknown[]) => string;
      for (const args of samples[key]) {
        const text = entry(...args);
        expect(typeof text).toBe('string');
        expect(text.trim().length).toBeGreaterThan(0);
        expect(text).not.toMatch(/undefined|\[object Object\]|NaN/);
      }
    });
  });

  it('are chosen by language', () => {
    for (const language of LANGUAGES) expect(messagesFor(language)).toBe(catalogs[language]);
  });

  it('name the departments as the front desk would', () => {
    expect(SPECIALTIES.map(en.specialty)).toEqual([
      'Maintenance',
      'Security',
      'Cleaning',
      'Greening',
      'Front desk',
    ]);
    expect(SPECIALTIES.map(zh.specialty)).toEqual(['维修', '安保（秩序维护）', '保洁', '绿化', '客服前台']);
    expect(URGENCIES.map(zh.urgency)).toEqual(['紧急', '加急', '一般']);
  });

  it('put the emergency phone line first when a report is an emergency', () => {
    for (const catalog of [en, zh]) {
      const text = catalog.ticketReceived({
        number: 'S-7',
        specialty: 'security',
        urgency: 'emergency',
        expectBy: 'x',
        emergencyPhone: '400-800-1234',
      });
      expect(text.split('\n')[0]).toContain('400-800-1234');
      expect(text).toContain('S-7');
    }
  });

  it('leave the emergency line out of ordinary reports', () => {
    const text = en.ticketReceived({
      number: 'M-1',
      specialty: 'maintenance',
      urgency: 'ordinary',
      expectBy: 'by 09:00 tomorrow',
      emergencyPhone: '400-800-1234',
    });
    expect(text).not.toContain('400-800-1234');
    expect(text).toContain('Maintenance · ordinary');
    expect(text).toContain('by 09:00 tomorrow');
  });

  it('show a staff reply as coming from the management office, with the ticket number', () => {
    const text = zh.staffReply({ number: 'M-1042', staffName: '李伟', text: '师傅下午三点上门。' });
    expect(text).toContain('物业服务中心');
    expect(text).toContain('M-1042');
    expect(text).toContain('师傅下午三点上门。');
    expect(en.staffReply({ number: 'M-1042', text: 'Hi' })).toContain('Management office');
  });

  it('list what is missing from the owner file in words', () => {
    expect(en.completeYourFile({ missing: ['building', 'phone'] })).toContain(
      'your building and a phone number',
    );
    expect(zh.completeYourFile({ missing: ['name', 'building', 'unit'] })).toContain('姓名、楼栋和房号');
  });

  it('mention the contact button and the skip word when asking for a phone number', () => {
    for (const catalog of [en, zh]) {
      expect(catalog.askPhone()).toContain(catalog.sharePhoneButton());
      expect(catalog.askPhone()).toContain(catalog.skipWord());
    }
  });

  it('name the explanation and how to follow up when a ticket cannot be solved', () => {
    const text = en.unresolvable({ number: 'M-1042', explanation: 'The pipe belongs to the water company.' });
    expect(text).toContain('The pipe belongs to the water company.');
    expect(text).toMatch(/reply here/);
  });
});
