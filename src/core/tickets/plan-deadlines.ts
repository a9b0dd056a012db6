import type { Urgency } from '../taxonomy.js';

/** Milliseconds allowed per urgency, for acknowledgement and for resolution. */
export interface DeadlinePolicy {
  acknowledge: Record<Urgency, number>;
  resolve: Record<Urgency, number>;
}

/** When a ticket of `urgency`, started at `from`, must be acknowledged and resolved. */
export function planDeadlines(
  urgency: Urgency,
  from: Date,
  policy: DeadlinePolicy,
): { acknowledgeBy: Date; resolveBy: Date } {
  return {
    acknowledgeBy: new Date(from.getTime() + policy.acknowledge[urgency]),
    resolveBy: new Date(from.getTime() + policy.resolve[urgency]),
  };
}
