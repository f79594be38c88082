import {
  Checkpoint,
  NoteVerifier,
  parseVerifierKey,
  verifyCheckpoint,
} from './checkpoint';
import {
  CosignerVerifier,
  parseCosignerKey,
  verifyCosignatureLine,
} from './cosignature';

/** A witness group: at least `threshold` of `members` must have witnessed. */
type Group = { threshold: number; members: string[] };

/**
 * A C2SP tlog-policy: which logs, which witnesses, and the quorum of
 * cosignatures a checkpoint needs.
 * @public
 */
export type TlogPolicy = {
  logs: NoteVerifier[];
  witnesses: Map<string, CosignerVerifier>;
  groups: Map<string, Group>;
  /** A witness or group name, or 'none'. */
  quorum: string;
};

/** Parses a tlog-policy file; throws naming the line on any error. @public */
export function parseTlogPolicy(text: string): TlogPolicy {
  const policy: TlogPolicy = {
    logs: [],
    witnesses: new Map(),
    groups: new Map(),
    quorum: '',
  };
  const defined = (name: string) =>
    policy.witnesses.has(name) || policy.groups.has(name);
  text.split('\n').forEach((raw, i) => {
    const fail = (why: string): never => {
      throw new Error(`policy line ${i + 1}: ${why}`);
    };
    if (/[^\t\x20-\x7e\x80-\uffff]/.test(raw)) fail('control character');
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [keyword, ...args] = line.split(/[ \t]+/);
    try {
      if (keyword === 'log' && args.length >= 1 && args.length <= 2) {
        policy.logs.push(parseVerifierKey(args[0]));
      } else if (
        keyword === 'witness' &&
        args.length >= 2 &&
        args.length <= 3
      ) {
        if (args[0] === 'none' || defined(args[0]))
          fail(`'${args[0]}' is taken`);
        policy.witnesses.set(args[0], parseCosignerKey(args[1]));
      } else if (keyword === 'group' && args.length >= 3) {
        const [name, k, ...members] = args;
        if (name === 'none' || defined(name)) fail(`'${name}' is taken`);
        if (new Set(members).size !== members.length)
          fail('member listed twice');
        for (const m of members)
          if (!defined(m)) fail(`'${m}' is not defined above`);
        const shorthand: Record<string, number> = {
          all: members.length,
          any: 1,
        };
        const threshold = shorthand[k] ?? Number(k);
        if (!/^(all|any|[1-9][0-9]*)$/.test(k) || threshold > members.length) {
          fail(`threshold '${k}' must be all, any or 1..${members.length}`);
        }
        policy.groups.set(name, { threshold, members });
      } else if (keyword === 'quorum' && args.length === 1) {
        if (policy.quorum) fail('a second quorum line');
        if (args[0] !== 'none' && !defined(args[0])) {
          fail(`quorum '${args[0]}' is not defined above`);
        }
        policy.quorum = args[0];
      } else {
        fail(`unknown or malformed '${keyword}' line`);
      }
    } catch (error) {
      if (String((error as Error).message).startsWith('policy line'))
        throw error;
      fail((error as Error).message);
    }
  });
  if (!policy.quorum) throw new Error('policy has no quorum line');
  if (policy.logs.length === 0) throw new Error('policy names no log');
  return policy;
}

/**
 * Verifies a checkpoint note against a policy: signed by one of its logs
 * and cosigned by a quorum of its witnesses. Returns the checkpoint and the
 * witnesses that cosigned; throws with the reason otherwise.
 * @public
 */
export function verifyCheckpointWithPolicy(
  note: string,
  policy: TlogPolicy,
): { checkpoint: Checkpoint; cosignedBy: string[] } {
  let checkpoint: Checkpoint | undefined;
  const reasons: string[] = [];
  for (const log of policy.logs) {
    try {
      checkpoint = verifyCheckpoint(note, log);
      break;
    } catch (error) {
      reasons.push((error as Error).message);
    }
  }
  if (!checkpoint) {
    throw new Error(
      `checkpoint is not signed by a log of the policy: ${reasons.join('; ')}`,
    );
  }
  const split = note.lastIndexOf('\n\n');
  const body = note.slice(0, split + 1);
  const lines = note.slice(split + 2).split('\n');
  const cosignedBy = [...policy.witnesses]
    .filter(([, w]) => lines.some(l => verifyCosignatureLine(body, l, w)))
    .map(([name]) => name);
  const witnessed = (name: string): boolean => {
    const group = policy.groups.get(name);
    if (!group) return cosignedBy.includes(name);
    return group.members.filter(witnessed).length >= group.threshold;
  };
  if (policy.quorum !== 'none' && !witnessed(policy.quorum)) {
    throw new Error(
      `checkpoint lacks the policy's quorum '${
        policy.quorum
      }' of cosignatures (cosigned by: ${
        cosignedBy.join(', ') || 'no witness of the policy'
      })`,
    );
  }
  return { checkpoint, cosignedBy };
}
