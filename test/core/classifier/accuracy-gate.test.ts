import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { createClassifier } from '../../../src/core/classifier/create-classifier.js';
import {
  evaluateLabelledSet,
  type LabelledMessage,
} from '../../../src/core/classifier/evaluate-labelled-set.js';

const messages = readFileSync('test/fixtures/classifier/labelled-set.jsonl', 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledMessage);

describe('the shipped labelled set', () => {
  it('has at least 400 messages, at least 100 of them in Chinese', () => {
    expect(messages.length).toBeGreaterThanOrEqual(400);
    expect(messages.filter((message) => message.lang === 'zh').length).toBeGreaterThanOrEqual(100);
  });

  const classifier = createClassifier();
  const { overall, byLanguage } = evaluateLabelledSet(messages, (text) => classifier.classify(text));

  it('is classified at or above the accuracy targets', () => {
    expect(overall.specialty.accuracy).toBeGreaterThanOrEqual(0.92);
    expect(overall.urgency.accuracy).toBeGreaterThanOrEqual(0.88);
    expect(overall.emergencyRecall).toBeGreaterThanOrEqual(0.98);
  });

  it('is classified about as well in English as in Chinese', () => {
    const en = byLanguage.en!;
    const zh = byLanguage.zh!;
    expect(Math.abs(en.specialty.accuracy - zh.specialty.accuracy)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(en.urgency.accuracy - zh.urgency.accuracy)).toBeLessThanOrEqual(0.05);
    for (const report of [en, zh]) {
      expect(report.specialty.accuracy).toBeGreaterThanOrEqual(0.92);
      expect(report.urgency.accuracy).toBeGreaterThanOrEqual(0.88);
      expect(report.emergencyRecall).toBeGreaterThanOrEqual(0.98);
    }
  });
});
