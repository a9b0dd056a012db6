import { type Connection, Schema } from 'mongoose';

/**
 * Taken values of named sequences (ticket numbers). Each value is its own document under a unique index, so
 * two writers can never take the same one: this holds on servers without atomic read-modify-write across
 * connections (FerretDB 1.x), where an `$inc` counter hands out duplicates under concurrency.
 */
export const sequenceSchema = new Schema(
  { name: { type: String, required: true }, value: { type: Number, required: true }, at: { type: Date } },
  { collection: 'sequences', versionKey: false },
);
sequenceSchema.index({ name: 1, value: 1 }, { unique: true });

export const sequenceModel = (connection: Connection) =>
  connection.models.Sequence ?? connection.model('Sequence', sequenceSchema);

/** Takes the next value of sequence `name`; the first value is `start + 1`. */
export async function nextSequence(connection: Connection, name: string, start = 1000): Promise<number> {
  const Sequence = sequenceModel(connection);
  for (let attempt = 0; attempt < 100; attempt++) {
    const last = await Sequence.findOne({ name }, { value: 1 }).sort({ value: -1 }).lean<{ value: number }>();
    const value = (last?.value ?? start) + 1;
    try {
      await Sequence.create({ name, value, at: new Date() });
      return value;
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }
  throw new Error(`could not take a value of sequence ${name}: too much contention`);
}
