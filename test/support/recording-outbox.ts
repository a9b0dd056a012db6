import type { OutboxMessage } from '../../src/core/outbox/outbox-message.js';
import type { Outbox } from '../../src/core/ports.js';

/** An in-memory outbox that keeps what was enqueued, once per key, like the real one. */
export class RecordingOutbox implements Outbox {
  readonly messages: OutboxMessage[] = [];
  failNext = 0;

  async enqueue(messages: OutboxMessage[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('outbox unavailable');
    }
    for (const message of messages) {
      if (!this.messages.some((m) => m.key === message.key)) this.messages.push(message);
    }
  }

  keys(): string[] {
    return this.messages.map((m) => m.key);
  }
}
