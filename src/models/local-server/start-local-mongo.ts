import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Logger } from '../../logger.js';
import { findFreePort } from './find-free-port.js';
import { waitForPort } from './wait-for-port.js';

const run = promisify(execFile);

/** Which kind of local server was started. */
export type LocalMongoKind = 'mongod' | 'ferretdb' | 'mongodb-memory-server';

/** A MongoDB-wire server this process started and must stop. */
export interface LocalMongo {
  kind: LocalMongoKind;
  /** Connection string without a database name, e.g. `mongodb://127.0.0.1:41234`. */
  uri: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** Options for {@link startLocalMongo}. */
export interface StartLocalMongoOptions {
  /** Where the server keeps its data; kept between runs. */
  dataDir: string;
  logger: Logger;
  /** Environment used to find `mongod` and `go` (PATH). */
  env?: NodeJS.ProcessEnv;
}

/** No local server could be started; lists what was tried and why each failed. */
export class NoLocalMongoError extends Error {
  constructor(readonly attempts: { kind: LocalMongoKind; reason: string }[]) {
    super(
      `could not start a local MongoDB-wire server; set MONGODB_URI to a MongoDB server instead.\n${attempts
        .map((a) => `  - ${a.kind}: ${a.reason}`)
        .join('\n')}`,
    );
    this.name = 'NoLocalMongoError';
  }
}

const projectRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
};

async function which(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const { stdout } = await run('sh', ['-c', `command -v ${command}`], { env });
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

async function spawnServer(
  kind: LocalMongoKind,
  command: string,
  args: string[],
  dataDir: string,
  port: number,
  logger: Logger,
): Promise<LocalMongo> {
  // A pipe on stdin lets FerretDB notice that this process died (its stdin closes) and stop too.
  const child: ChildProcess = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = true;
      if (code !== 0 && signal !== 'SIGTERM')
        logger.warn({ kind, code, signal, stderr }, 'local database exited');
      done();
    }),
  );
  try {
    await waitForPort(port, 30_000, () => !exited);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}${stderr ? `; it said: ${stderr.trim().slice(-500)}` : ''}`);
  }
  return {
    kind,
    uri: `mongodb://127.0.0.1:${port}`,
    dataDir,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts a MongoDB-wire server on 127.0.0.1 with its data under `dataDir`, trying in order: a `mongod` on PATH;
 * FerretDB (built once with Go by `scripts/install-ferretdb.sh`, SQLite backend); mongodb-memory-server (which
 * downloads a real mongod where the internet is reachable).
 */
export async function startLocalMongo(options: StartLocalMongoOptions): Promise<LocalMongo> {
  const { logger, env = process.env } = options;
  const dataDir = resolve(options.dataDir);
  const attempts: { kind: LocalMongoKind; reason: string }[] = [];

  const mongod = await which('mongod', env);
  if (mongod) {
    try {
      const dir = join(dataDir, 'mongod');
      mkdirSync(dir, { recursive: true });
      const port = await findFreePort();
      return await spawnServer(
        'mongod',
        mongod,
        ['--dbpath', dir, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'],
        dir,
        port,
        logger,
      );
    } catch (error) {
      attempts.push({ kind: 'mongod', reason: (error as Error).message });
    }
  } else attempts.push({ kind: 'mongod', reason: 'no mongod on PATH' });

  try {
    const { stdout } = await run('bash', [join(projectRoot(), 'scripts', 'install-ferretdb.sh')], {
      env,
      maxBuffer: 1 << 20,
    });
    const binary = stdout.trim().split('\n').pop() ?? '';
    const dir = join(dataDir, 'ferretdb');
    mkdirSync(dir, { recursive: true });
    const port = await findFreePort();
    return await spawnServer(
      'ferretdb',
      binary,
      [`--listen-addr=127.0.0.1:${port}`, `--sqlite-url=file:${dir}/`, '--exit-with-parent'],
      dir,
      port,
      logger,
    );
  } catch (error) {
    const e = error as Error & { stderr?: string };
    attempts.push({
      kind: 'ferretdb',
      reason: (e.stderr?.trim() || e.message).split('\n').slice(-3).join(' '),
    });
  }

  try {
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    const dir = join(dataDir, 'mongodb-memory-server');
    mkdirSync(dir, { recursive: true });
    const server = await MongoMemoryServer.create({
      instance: { dbPath: dir, storageEngine: 'wiredTiger', ip: '127.0.0.1' },
    });
    return {
      kind: 'mongodb-memory-server',
      uri: server.getUri().replace(/\/$/, ''),
      dataDir: dir,
      stop: async () => {
        await server.stop({ doCleanup: false });
      },
    };
  } catch (error) {
    attempts.push({ kind: 'mongodb-memory-server', reason: (error as Error).message.split('\n')[0] ?? '' });
  }
  throw new NoLocalMongoError(attempts);
}
