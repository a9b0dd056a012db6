import { Types } from 'mongoose';
import type { ReturnVisit, Ticket } from '../core/tickets/ticket.js';

// biome-ignore lint/suspicious/noExplicitAny: a raw driver document, read field by field into the domain shape
type RawDocument = Record<string, any>;

/** Storage shape of a ticket without `_id`: ObjectIds for references, everything else as in the domain. */
export function ticketToDocument(ticket: Ticket): Record<string, unknown> {
  const { id: _id, ownerId, ...rest } = ticket;
  // Absent outcomes are written as null: the projection is updated with $set, which would keep an old value
  // (a reopened ticket's earlier resolution) if the field were left out.
  return {
    acknowledged: null,
    resolved: null,
    unresolvable: null,
    ...rest,
    ownerId: new Types.ObjectId(ownerId),
  };
}

const strip = <T extends object>(value: T | null | undefined): T | undefined =>
  value && Object.keys(value).length > 0 ? value : undefined;

/** A stored ticket (lean document or revision state) back to the domain shape. */
export function ticketFromDocument(doc: RawDocument, id?: string): Ticket {
  const ticket: Ticket = {
    id: id ?? String(doc._id),
    number: doc.number,
    ownerId: String(doc.ownerId),
    chatId: doc.chatId,
    language: doc.language,
    source: { chatId: doc.source.chatId, messageId: doc.source.messageId },
    text: doc.text ?? '',
    attachments: doc.attachments ?? [],
    specialty: doc.specialty,
    urgency: doc.urgency,
    nature: doc.nature,
    classification: doc.classification,
    status: doc.status,
    deadlines: {
      acknowledgeBy: new Date(doc.deadlines.acknowledgeBy),
      resolveBy: new Date(doc.deadlines.resolveBy),
    },
    missingOwnerInfo: doc.missingOwnerInfo ?? [],
    messageIds: doc.messageIds ?? [],
    history: (doc.history ?? []).map((entry: RawDocument) => ({ ...entry, at: new Date(entry.at) })),
    version: doc.version,
    createdAt: new Date(doc.createdAt),
    updatedAt: new Date(doc.updatedAt),
  };
  const acknowledged = strip(doc.acknowledged);
  if (acknowledged) ticket.acknowledged = { by: acknowledged.by, at: new Date(acknowledged.at) };
  const resolved = strip(doc.resolved);
  if (resolved) ticket.resolved = { by: resolved.by, at: new Date(resolved.at), note: resolved.note ?? '' };
  const unresolvable = strip(doc.unresolvable);
  if (unresolvable) {
    ticket.unresolvable = {
      by: unresolvable.by,
      at: new Date(unresolvable.at),
      explanation: unresolvable.explanation ?? '',
    };
  }
  if (Array.isArray(doc.returnVisits) && doc.returnVisits.length > 0) {
    ticket.returnVisits = doc.returnVisits.map((visit: RawDocument): ReturnVisit => {
      const { after, askedAt, answeredAt, commentUntil, ...rest } = visit;
      return {
        ...(rest as Omit<ReturnVisit, 'after' | 'askedAt' | 'answeredAt' | 'commentUntil'>),
        after: new Date(after),
        askedAt: new Date(askedAt),
        ...(answeredAt ? { answeredAt: new Date(answeredAt) } : {}),
        ...(commentUntil ? { commentUntil: new Date(commentUntil) } : {}),
      };
    });
  }
  return ticket;
}
