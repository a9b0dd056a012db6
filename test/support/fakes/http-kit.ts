import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A file that arrived in a multipart/form-data request. */
export class UploadedFile {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    readonly bytes: Buffer,
  ) {}

  get size(): number {
    return this.bytes.length;
  }

  toJSON(): { filename: string; contentType: string; size: number } {
    return { filename: this.filename, contentType: this.contentType, size: this.size };
  }
}

export type Params = Record<string, unknown>;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Parses a request body the way the platforms do: JSON, urlencoded or multipart.
 * Values of `jsonFields` that arrive as strings (form encodings) are JSON-decoded when possible.
 */
export async function parseParams(
  raw: Buffer,
  contentType: string | undefined,
  jsonFields: readonly string[] = [],
): Promise<Params> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  let params: Params = {};
  if (raw.length === 0) {
    params = {};
  } else if (type === 'application/json') {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    params =
      parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Params) : {};
  } else if (type === 'multipart/form-data') {
    const form = await new Response(new Uint8Array(raw), {
      headers: { 'content-type': contentType! },
    }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        params[key] = value;
      } else {
        params[key] = new UploadedFile(value.name, value.type, Buffer.from(await value.arrayBuffer()));
      }
    }
  } else {
    params = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  for (const field of jsonFields) {
    const value = params[field];
    if (typeof value === 'string') params[field] = tryJson(value);
  }
  return params;
}

export function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/html; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** How a downed fake treats clients: HTTP 502s, sockets reset mid-request, or refused connections. */
export type DownMode = 'http-502' | 'reset' | 'refuse';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A node:http server on 127.0.0.1 that tracks sockets so it can go down, come back on the same port, and close. */
export class FakeHttpServer {
  private readonly sockets = new Set<Socket>();
  private downMode: DownMode | undefined;
  private listening = false;

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(handler: Handler, onDown: (res: ServerResponse) => void): Promise<FakeHttpServer> {
    let fake: FakeHttpServer | undefined;
    const server = createServer((req, res) => {
      const mode = fake?.downMode;
      if (mode === 'reset' || mode === 'refuse') {
        req.socket.destroy();
        return;
      }
      if (mode === 'http-502') {
        req.resume();
        onDown(res);
        return;
      }
      handler(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          sendJson(res, 500, { ok: false, error: 'fake_internal_error', detail: String(error) });
        else res.destroy();
      });
    });
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    fake = new FakeHttpServer(server, (server.address() as AddressInfo).port);
    fake.listening = true;
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get isDown(): boolean {
    return this.downMode !== undefined;
  }

  async goDown(mode: DownMode): Promise<void> {
    this.downMode = mode;
    if (mode === 'reset' || mode === 'refuse') this.destroySockets();
    if (mode === 'refuse' && this.listening) {
      this.listening = false;
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
  }

  async goUp(): Promise<void> {
    if (!this.listening) {
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(this.port, '127.0.0.1', () => {
          this.server.off('error', reject);
          resolve();
        });
      });
      this.listening = true;
    }
    this.downMode = undefined;
  }

  async close(): Promise<void> {
    this.destroySockets();
    if (!this.listening) return;
    this.listening = false;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private destroySockets(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

/** Result of an outbound HTTP call made by a fake (e.g. webhook delivery). */
export interface OutboundResponse {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** POSTs with a fresh connection (no pooling) so closing the fake never leaves sockets behind. */
export function postOnce(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<OutboundResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': Buffer.byteLength(body), connection: 'close' },
        timeout: timeoutMs,
        ...(signal ? { signal } : {}),
      },
      (res) => {
        readBody(res).then(
          (buf) =>
            resolve({
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? '',
              headers: res.headers,
              body: buf,
            }),
          reject,
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`Read timeout expired after ${timeoutMs}ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** An append-only log that can be awaited on. */
export class Journal<T> {
  readonly entries: T[] = [];
  private readonly waiters = new Set<{ predicate: (entry: T) => boolean; resolve: (entry: T) => void }>();

  constructor(
    private readonly describeEntry: (entry: T) => string,
    private readonly noun: string,
  ) {}

  push(entry: T): void {
    this.entries.push(entry);
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(entry)) {
        this.waiters.delete(waiter);
        waiter.resolve(entry);
      }
    }
  }

  /** Resolves with the first entry (already recorded or future) that matches; rejects listing what arrived. */
  waitFor(predicate: (entry: T) => boolean, options: WaitOptions = {}): Promise<T> {
    const existing = this.entries.find(predicate);
    if (existing !== undefined) return Promise.resolve(existing);
    const timeoutMs = options.timeoutMs ?? 5000;
    const label = options.description ?? 'a matching entry';
    const capturedStack = new Error().stack;
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (entry: T) => {
          clearTimeout(timer);
          resolve(entry);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const error = new Error(`Timed out after ${timeoutMs}ms waiting for ${label}.\n${this.summary()}`);
        if (capturedStack) error.stack = `${error.message}\n${capturedStack.split('\n').slice(2).join('\n')}`;
        reject(error);
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  summary(max = 40): string {
    if (this.entries.length === 0) return `No ${this.noun} were received.`;
    const shown = this.entries.slice(-max);
    const skipped = this.entries.length - shown.length;
    const lines = shown.map((entry, index) => `  ${skipped + index + 1}. ${this.describeEntry(entry)}`);
    return `Received ${this.entries.length} ${this.noun}${skipped ? ` (last ${max} shown)` : ''}:\n${lines.join('\n')}`;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** Options for `waitFor*` helpers. */
export interface WaitOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  description?: string;
}

export function truncate(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Which calls a fault applies to, beyond its method: a test of the call's parameters. */
export type FaultFilter = (params: Readonly<Record<string, unknown>>) => boolean;

interface FaultRule<F> {
  method: string;
  fault: F;
  remaining: number;
  until: number;
  where?: FaultFilter;
}

/** Scheduled faults per method (`'*'` matches every method), consumed in the order they were added. */
export class FaultPlan<F> {
  private rules: FaultRule<F>[] = [];

  add(
    method: string,
    fault: F,
    { times = 1, forMs, where }: { times?: number; forMs?: number; where?: FaultFilter } = {},
  ): void {
    this.rules.push({
      method,
      fault,
      remaining: forMs === undefined ? times : Number.POSITIVE_INFINITY,
      until: forMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + forMs,
      where,
    });
  }

  take(method: string, params: Readonly<Record<string, unknown>> = {}): F | undefined {
    const now = Date.now();
    this.rules = this.rules.filter((rule) => rule.remaining > 0 && rule.until > now);
    const rule = this.rules.find(
      (r) => (r.method === method || r.method === '*') && (r.where?.(params) ?? true),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    return rule.fault;
  }

  clear(): void {
    this.rules = [];
  }
}

/** Token bucket: `burst` requests at once, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt = Date.now();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
  }

  /** Takes a token; returns 0 when allowed, otherwise the milliseconds until one is available. */
  take(now = Date.now()): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
