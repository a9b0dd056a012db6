import { describe, expect, it } from '@jest/globals';
import { classify } from '../../../src/core/classifier/classify.js';
import { createClassifier } from '../../../src/core/classifier/create-classifier.js';

describe('classify', () => {
  it('tags a leaking kitchen tap as an urgent special maintenance job, with the words that decided it', () => {
    const result = classify('The tap in my kitchen is leaking, can someone fix it?');
    expect(result).toMatchObject({
      specialty: 'maintenance',
      urgency: 'urgent',
      nature: 'special',
      language: 'en',
    });
    expect(result.evidence.specialty).toEqual(expect.arrayContaining(['tap', 'leaking']));
    expect(result.evidence.urgency).toContain('leaking');
    expect(result.evidence.nature).toContain('my kitchen');
  });

  it('treats someone trapped in a lift as an emergency', () => {
    expect(classify('my son is stuck in the lift between floors!!')).toMatchObject({
      specialty: 'maintenance',
      urgency: 'emergency',
      nature: 'routine',
    });
  });

  it('sends fire and smoke to security as an emergency', () => {
    expect(classify('Smoke coming out of the bin room, I think something is on fire')).toMatchObject({
      specialty: 'security',
      urgency: 'emergency',
    });
  });

  describe('negation and tense', () => {
    it('does not treat a leak that has stopped as urgent', () => {
      const result = classify('The tap is no longer leaking, but could someone check the cabinet? No rush');
      expect(result.specialty).toBe('maintenance');
      expect(result.urgency).toBe('ordinary');
    });

    it('does not treat last night’s false fire alarm as an emergency', () => {
      const result = classify('There was a fire alarm last night, it was a false alarm');
      expect(result.urgency).toBe('ordinary');
      expect(result.specialty).toBe('security');
    });

    it('keeps a break-in from last night urgent but not an emergency', () => {
      expect(classify('My car was broken into last night in the garage').urgency).toBe('urgent');
    });

    it('does not treat a flood from last month as urgent', () => {
      expect(classify('We had a flood in the basement last month, when will you repaint?').urgency).toBe(
        'ordinary',
      );
    });

    it('reads "no water" and "haven’t had hot water" as a problem, not as a negated one', () => {
      expect(classify('no water in my flat since this morning').urgency).toBe('urgent');
      expect(classify("we haven't had hot water for two days").urgency).toBe('urgent');
    });

    it('does not treat a planned water cut as urgent', () => {
      expect(classify('Will the water be off tomorrow? I saw the notice').urgency).toBe('ordinary');
    });
  });

  describe('apostrophes', () => {
    it("reads a word with ' or ’, in any case, the same the first time and when it has seen it before", () => {
      const classifier = createClassifier();
      const texts = [
        "the lift doesn't work and there's water on the floor",
        'the lift doesn’t work and there’s water on the floor',
        "the lift DOESN'T work and THERE'S water on the floor",
        'the lift doesn’t work and there’s water on the floor',
      ];
      const read = (text: string) => {
        const { evidence, ...rest } = classifier.classify(text);
        const normalise = (words: string[]) => words.map((word) => word.toLowerCase().replace(/’/g, "'"));
        return {
          ...rest,
          evidence: {
            specialty: normalise(evidence.specialty),
            urgency: normalise(evidence.urgency),
            nature: normalise(evidence.nature),
          },
        };
      };
      const [first, ...others] = texts.map(read);
      expect(first).toMatchObject({ specialty: 'maintenance', urgency: 'urgent' });
      expect(first!.evidence.urgency.join(' ')).toContain("doesn't work");
      for (const other of others) expect(other).toEqual(first);
    });
  });

  describe('intensity', () => {
    it('raises water pouring through the ceiling with shouting to an emergency', () => {
      expect(classify('WATER IS POURING THROUGH MY CEILING!!!').urgency).toBe('emergency');
    });

    it('names the intensity cues in the urgency evidence', () => {
      expect(classify('someone is breaking into a car right now!!').evidence.urgency).toEqual(
        expect.arrayContaining(['breaking into', 'right now']),
      );
    });
  });

  describe('misspellings', () => {
    it.each([
      ['my bathroom sink is leeking', 'maintenance'],
      ['the elevater is broken again', 'maintenance'],
      ['garbige has not been collected for a week', 'cleaning'],
      ['the rubish room stinks', 'cleaning'],
    ])('reads "%s" as %s', (text, specialty) => {
      expect(classify(text).specialty).toBe(specialty);
    });

    it('does not read common words as misspelt lexicon words', () => {
      const result = classify('I looked out for the postman all morning');
      expect(result.specialty).toBe('general');
      expect(result.evidence.specialty).not.toContain('looked out');
    });
  });

  describe('Chinese and mixed messages', () => {
    it('tags Chinese colloquial messages', () => {
      expect(classify('电梯困人了！！快来')).toMatchObject({
        specialty: 'maintenance',
        urgency: 'emergency',
        language: 'zh',
      });
      expect(classify('家里跳闸了，没电')).toMatchObject({
        specialty: 'maintenance',
        urgency: 'urgent',
        nature: 'special',
      });
      expect(classify('楼下噪音扰民，每天晚上都这样')).toMatchObject({
        specialty: 'security',
        urgency: 'ordinary',
      });
      expect(classify('这个月的物业费怎么交？')).toMatchObject({ specialty: 'general', urgency: 'ordinary' });
      expect(classify('闻到很重的煤气味')).toMatchObject({ specialty: 'maintenance', urgency: 'emergency' });
    });

    it('applies Chinese negation and resolution', () => {
      expect(classify('水龙头已经不漏水了，谢谢').urgency).toBe('ordinary');
      expect(classify('昨晚火警响了，后来说是误报').urgency).toBe('ordinary');
    });

    it('understands messages that mix English and Chinese', () => {
      const result = classify('my 厨房 tap 一直漏水, can someone come today?');
      expect(result).toMatchObject({
        specialty: 'maintenance',
        urgency: 'urgent',
        nature: 'special',
        language: 'mixed',
      });
      expect(classify('Lift 困人了!!! 3号楼').urgency).toBe('emergency');
    });
  });

  describe('several problems in one message', () => {
    it('lets the most urgent problem decide the department and names the other as secondary', () => {
      const result = classify(
        'The bins are overflowing again, and also there is smoke coming from the bin room right now!',
      );
      expect(result.specialty).toBe('security');
      expect(result.urgency).toBe('emergency');
      expect(result.secondarySpecialty).toBe('cleaning');
    });
  });

  describe('general rules', () => {
    it.each([
      ['Oh wonderful, the lift is broken again. Great job guys.', 'maintenance', 'urgent', 'routine'],
      [
        'the leak under my sink was fixed, all good now. the cupboard hinge is loose, could someone tighten it sometime?',
        'maintenance',
        'ordinary',
        'special',
      ],
      ['water is dripping through the light fitting in my bedroom', 'maintenance', 'emergency', 'special'],
      ['天花板的水滴到吊灯里了', 'maintenance', 'emergency', 'special'],
      ['a bag of rubbish is leaking on the stairs', 'cleaning', 'ordinary', 'routine'],
      ['cockroaches in the corridor outside my door', 'cleaning', 'ordinary', 'routine'],
      ['the drain is blokced', 'maintenance', 'urgent', 'routine'],
      ['rain is getting in through the stairwell window', 'maintenance', 'urgent', 'routine'],
      ['感谢师傅把我家的热水器修好了👍', 'general', 'ordinary', 'routine'],
    ])('reads "%s" as %s, %s, %s', (text, specialty, urgency, nature) => {
      expect(classify(text)).toMatchObject({ specialty, urgency, nature });
    });
  });

  describe('low confidence', () => {
    it('sends a message with no evidence to the front desk', () => {
      const result = classify('hello?');
      expect(result.specialty).toBe('general');
      expect(result.confidence.specialty).toBeLessThan(0.5);
    });

    it('sends a weak guess to the front desk and keeps it as the secondary specialty', () => {
      const result = classify('the garden', { lowConfidenceThreshold: 0.9 });
      expect(result.specialty).toBe('general');
      expect(result.secondarySpecialty).toBe('greening');
    });
  });

  it('returns confidences between 0 and 1', () => {
    const { confidence } = classify('Burst pipe in the car park, water everywhere');
    for (const value of Object.values(confidence)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
  });
});
