import type { Language } from '../taxonomy.js';
import type { Catalog } from './catalog.js';
import { en } from './en.js';
import { zh } from './zh.js';

const CATALOGS: Record<Language, Catalog> = { en, zh };

/** The owner-facing catalogue for `language`. */
export const messagesFor = (language: Language): Catalog => CATALOGS[language];
