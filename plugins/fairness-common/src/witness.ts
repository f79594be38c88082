import { NoteVerifier, parseCheckpoint, verifyCheckpoint } from './checkpoint';
import { cosignatureLine } from './cosignature';
import { base64ToBytes, bytesEqual, bytesToBase64 } from './encoding';
import { emptyRoot, verifyConsistency } from './merkle';

/** What a witness remembers per log: the latest checkpoint it cosigned. @public */
export type WitnessRecord = { size: number; root: string };

/**
 * A witness's state. `update` must be atomic per origin: it reads the
 * record, lets `decide` check the request against it, and stores what
 * `decide` returns before resolving (tlog-witness: check and persist as one
 * step, or two requests could roll the log back).
 * @public
 */
export interface WitnessState {
  update<T>(
    origin: string,
    decide: (current: WitnessRecord | undefined) => {
      next?: WitnessRecord;
      result: T;
    },
  ): Promise<T>;
}

/** An HTTP answer of the add-checkpoint call. @public */
export type WitnessResponse = {
  status: number;
  contentType: string;
  body: string;
};

const text = (status: number, body: string): WitnessResponse => ({
  status,
  contentType: 'text/plain; charset=utf-8',
  body: `${body}\n`,
});

/**
 * A C2SP tlog-witness: cosigns a log's checkpoint only when it is signed by
 * the log's key and provably extends the last checkpoint the witness
 * cosigned for that origin, so a log that was rewritten, rolled back or lost
 * its tree heads can no longer obtain cosignatures.
 * @public
 */
export class Witness {
  constructor(
    private readonly options: {
      name: string;
      secretKey: Uint8Array;
      /** The logs it witnesses, by origin (= key name). */
      logs: NoteVerifier[];
      state: WitnessState;
      /** POSIX seconds; the cosignature's timestamp. */
      now?: () => number;
    },
  ) {}

  /** `POST <prefix>/add-checkpoint` with the raw request body. */
  async addCheckpoint(body: string): Promise<WitnessResponse> {
    const split = body.indexOf('\n\n');
    if (split < 0) return text(400, 'no blank line before the checkpoint');
    const [oldLine, ...proofLines] = body.slice(0, split).split('\n');
    const oldMatch = /^old (0|[1-9][0-9]*)$/.exec(oldLine);
    if (!oldMatch || proofLines.length > 63) {
      return text(
        400,
        'expected an "old <size>" line and at most 63 proof lines',
      );
    }
    const oldSize = Number(oldMatch[1]);
    let proof: Uint8Array[];
    try {
      proof = proofLines.map(line => {
        const hash = base64ToBytes(line);
        if (hash.length !== 32) throw new Error();
        return hash;
      });
    } catch {
      return text(400, 'consistency proof lines must be base64 SHA-256 hashes');
    }
    const note = body.slice(split + 2);
    let origin: string;
    try {
      origin = parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).origin;
    } catch (error) {
      return text(400, (error as Error).message);
    }
    const keys = this.options.logs.filter(k => k.name === origin);
    if (keys.length === 0) return text(404, `unknown log origin '${origin}'`);
    const checkpoint = keys
      .map(key => {
        try {
          return verifyCheckpoint(note, key);
        } catch {
          return undefined;
        }
      })
      .find(Boolean);
    if (!checkpoint) {
      return text(403, `no signature by a trusted key of '${origin}'`);
    }
    if (oldSize > checkpoint.treeSize) {
      return text(400, `old size ${oldSize} exceeds the checkpoint size`);
    }
    const root = bytesToBase64(checkpoint.rootHash);
    const now = this.options.now ?? (() => Math.floor(Date.now() / 1000));
    return this.options.state.update<WitnessResponse>(origin, current => {
      const known = current ?? { size: 0, root: bytesToBase64(emptyRoot()) };
      if (oldSize !== known.size) {
        return {
          result: {
            status: 409,
            contentType: 'text/x.tlog.size',
            body: `${known.size}\n`,
          },
        };
      }
      if (oldSize === checkpoint.treeSize && known.root !== root) {
        return {
          result: text(409, `size ${oldSize} was cosigned with another root`),
        };
      }
      const consistent =
        oldSize === 0
          ? proof.length === 0
          : verifyConsistency(
              oldSize,
              checkpoint.treeSize,
              base64ToBytes(known.root),
              checkpoint.rootHash,
              proof,
            );
      if (
        !consistent ||
        (oldSize === checkpoint.treeSize &&
          !bytesEqual(base64ToBytes(known.root), checkpoint.rootHash))
      ) {
        return {
          result: text(
            422,
            `the checkpoint of size ${checkpoint.treeSize} is not consistent with size ${oldSize} cosigned before`,
          ),
        };
      }
      const noteBody = note.slice(0, note.indexOf('\n\n') + 1);
      return {
        next: { size: checkpoint.treeSize, root },
        result: {
          status: 200,
          contentType: 'text/plain; charset=utf-8',
          body: `${cosignatureLine(
            noteBody,
            this.options.name,
            this.options.secretKey,
            now(),
          )}\n`,
        },
      };
    });
  }
}

/** Witness state in memory, for tests and as the base of file-backed state. @public */
export class MemoryWitnessState implements WitnessState {
  readonly records = new Map<string, WitnessRecord>();
  #tail: Promise<unknown> = Promise.resolve();

  update<T>(
    origin: string,
    decide: (current: WitnessRecord | undefined) => {
      next?: WitnessRecord;
      result: T;
    },
  ): Promise<T> {
    const run = async () => {
      const { next, result } = decide(this.records.get(origin));
      if (next) {
        this.records.set(origin, next);
        await this.persist();
      }
      return result;
    };
    const result = this.#tail.then(run, run);
    this.#tail = result.catch(() => undefined);
    return result;
  }

  /** Called after each change, before the cosignature is returned. */
  protected async persist(): Promise<void> {}
}
