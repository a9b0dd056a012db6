import type { Classification } from '../classifier/classification.js';
import type { Specialty } from '../taxonomy.js';

/** The department that acts first: the classifier's specialty, or the front desk when it is unsure. */
export function routeTicket(classification: Classification, lowConfidence: number): Specialty {
  return classification.confidence.specialty < lowConfidence ? 'general' : classification.specialty;
}

const PREFIX: Record<Specialty, string> = {
  maintenance: 'M',
  security: 'S',
  cleaning: 'C',
  greening: 'G',
  general: 'F',
};

/** A ticket's readable number: the first department's letter and a sequence, e.g. `M-1042`. */
export const ticketNumber = (department: Specialty, seq: number): string => `${PREFIX[department]}-${seq}`;
