import type { Specialty } from '../taxonomy.js';

/** A person who may work tickets, as configured. */
export interface StaffMember {
  slackUserId: string;
  name: string;
  role: 'staff' | 'supervisor' | 'manager';
  /** Departments worked or overseen; empty for a supervisor or manager means all. */
  departments: Specialty[];
}

/**
 * Whether `userId` may act on a ticket of `department`: its department's staff, and supervisors and managers
 * who oversee it. Returns the person when allowed.
 */
export function authorizeStaff(
  userId: string,
  department: Specialty,
  people: readonly StaffMember[],
): StaffMember | undefined {
  const person = people.find((p) => p.slackUserId === userId);
  if (!person) return undefined;
  if (person.departments.includes(department)) return person;
  return person.role !== 'staff' && person.departments.length === 0 ? person : undefined;
}
