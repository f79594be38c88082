import {
  MemoryWitnessState,
  Witness,
  WitnessRecord,
  base64ToBytes,
  bytesToBase64,
  cosignerVkey,
  generateCosignerKeys,
  parseVerifierKey,
} from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';

/** Largest add-checkpoint body: 63 proof lines and a checkpoint with signatures. */
const MAX_BODY = 64 * 1024;

/** Witness state in a JSON file, replaced atomically before each cosignature is returned. */
class FileWitnessState extends MemoryWitnessState {
  constructor(private readonly file: string) {
    super();
    if (fs.existsSync(file)) {
      const saved: Record<string, WitnessRecord> = JSON.parse(
        fs.readFileSync(file, 'utf8'),
      );
      for (const [origin, record] of Object.entries(saved)) {
        this.records.set(origin, record);
      }
    }
  }

  protected async persist() {
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(
      tmp,
      JSON.stringify(Object.fromEntries(this.records), null, 2),
    );
    await fs.promises.rename(tmp, this.file);
  }
}

/** The witness's Ed25519 key, generated into `keyFile` on first start. */
function loadKey(keyFile: string, name: string) {
  if (!fs.existsSync(keyFile)) {
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    const { secretKey } = generateCosignerKeys(name);
    fs.writeFileSync(keyFile, `${bytesToBase64(secretKey)}\n`, { mode: 0o600 });
  }
  return base64ToBytes(fs.readFileSync(keyFile, 'utf8').trim());
}

/**
 * Starts a tlog-witness HTTP service (`POST /add-checkpoint`) with its own
 * key and state file. Resolves once listening.
 */
export async function startWitnessServer(options: {
  name: string;
  keyFile: string;
  stateFile: string;
  logs: string[];
  port?: number;
  host?: string;
}): Promise<{ server: http.Server; url: string; vkey: string }> {
  const secretKey = loadKey(options.keyFile, options.name);
  const witness = new Witness({
    name: options.name,
    secretKey,
    logs: options.logs.map(parseVerifierKey),
    state: new FileWitnessState(options.stateFile),
  });
  const server = http.createServer((req, res) => {
    if (req.url !== '/add-checkpoint' || req.method !== 'POST') {
      res.writeHead(req.url === '/add-checkpoint' ? 405 : 404).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', async () => {
      if (res.writableEnded) return;
      let body: string;
      try {
        body = new TextDecoder('utf-8', { fatal: true }).decode(
          Buffer.concat(chunks),
        );
      } catch {
        res.writeHead(400).end('body is not UTF-8\n');
        return;
      }
      const answer = await witness.addCheckpoint(body).catch(() => ({
        status: 500,
        contentType: 'text/plain; charset=utf-8',
        body: 'witness state could not be saved\n',
      }));
      res
        .writeHead(answer.status, { 'Content-Type': answer.contentType })
        .end(answer.body);
    });
  });
  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    vkey: cosignerVkey(options.name, secretKey),
  };
}

export const WITNESS_USAGE = `Usage:
  fairness-verify witness --name <witness name> --log <log vkey> [--log <vkey> ...]
                          [--key-file <file>] [--state <file>] [--host 127.0.0.1] [--port 7380]
                          [--vkey-file <file>]

Runs a C2SP tlog-witness: POST /add-checkpoint cosigns a log's checkpoint
only when it is signed by the log's key and consistent with the last one the
witness cosigned (its state file), so a rewritten or rolled-back log gets no
cosignature. Prints its public key (for tlog-policy files) on start, and
writes it to --vkey-file when given (the portal's fairness.witnesses keyFile).
`;

type Io = { out: (text: string) => void; err: (text: string) => void };

/** `fairness-verify witness`: serves until SIGINT/SIGTERM. */
export async function runWitness(argv: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        name: { type: 'string' },
        log: { type: 'string', multiple: true },
        'key-file': { type: 'string', default: 'data/fairness/witness-key' },
        state: { type: 'string', default: 'data/fairness/witness-state.json' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '7380' },
        'vkey-file': { type: 'string' },
      },
    }));
    if (!values.name || !values.log?.length) {
      throw new Error('--name and at least one --log are required');
    }
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${WITNESS_USAGE}`);
    return 2;
  }
  const { server, url, vkey } = await startWitnessServer({
    name: values.name,
    logs: values.log,
    keyFile: values['key-file']!,
    stateFile: values.state!,
    host: values.host,
    port: Number(values.port),
  });
  if (values['vkey-file']) {
    fs.mkdirSync(path.dirname(values['vkey-file']), { recursive: true });
    fs.writeFileSync(values['vkey-file'], `${vkey}\n`);
  }
  io.out(`witness ${values.name} listening on ${url}\npublic key: ${vkey}\n`);
  await new Promise<void>(resolve => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
