/** Departments that act on a ticket; `general` is the front desk. */
export const SPECIALTIES = ['maintenance', 'security', 'cleaning', 'greening', 'general'] as const;
export type Specialty = (typeof SPECIALTIES)[number];

/** How fast a ticket needs a person: danger now, same day, or the rest. */
export const URGENCIES = ['emergency', 'urgent', 'ordinary'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** `routine`: common-area service covered by the property fee; `special`: a service inside the owner's unit. */
export const NATURES = ['routine', 'special'] as const;
export type Nature = (typeof NATURES)[number];

/** Languages with owner-facing catalogues and classifier lexicons. */
export const LANGUAGES = ['en', 'zh'] as const;
export type Language = (typeof LANGUAGES)[number];
