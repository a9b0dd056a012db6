import type { Nature, Specialty, Urgency } from '../taxonomy.js';

/** What the classifier decided about one owner message, with how sure it is and why. */
export interface Classification {
  specialty: Specialty;
  /** Another department the message also concerns, when it names a second problem. */
  secondarySpecialty?: Specialty;
  urgency: Urgency;
  nature: Nature;
  /** 0..1 for each decision. */
  confidence: { specialty: number; urgency: number; nature: number };
  /** The words or phrases that decided each field, for staff to see. */
  evidence: { specialty: string[]; urgency: string[]; nature: string[] };
  language: 'en' | 'zh' | 'mixed';
}
