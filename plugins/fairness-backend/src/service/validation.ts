import { InputError } from '@backstage/errors';
import { FairnessRound, GAMES } from '@internal/plugin-fairness-common';
import { z } from 'zod';

const hex64 = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (sha256)');
const id = z.string().min(1).max(200);
const minor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const resultByGame = {
  dice: z.number().min(0).max(100),
  limbo: z.number().min(1).finite(),
  crash: z.number().min(1).finite(),
  roulette: z.number().int().min(0).max(36),
  plinko: z
    .object({
      bucket: z.number().int().min(0).max(16),
      multiplier: z.number().nonnegative(),
    })
    .strict(),
  keno: z.array(z.number().int().min(1).max(40)).length(10),
  mines: z.array(z.number().int().min(0).max(24)).min(1).max(24),
} as const;

const paramsByGame = {
  dice: z.object({}).strict(),
  limbo: z.object({}).strict(),
  crash: z.object({}).strict(),
  roulette: z.object({}).strict(),
  keno: z.object({}).strict(),
  plinko: z
    .object({
      rows: z.number().int().min(8).max(16),
      risk: z.enum(['low', 'medium', 'high']),
    })
    .strict(),
  mines: z.object({ mines: z.number().int().min(1).max(24) }).strict(),
} as const;

/** A round as game servers submit it. */
export const roundSchema = z
  .object({
    roundId: id,
    game: z.enum(GAMES),
    gameParams: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .default({}),
    gameServerId: id,
    playerId: id,
    serverSeedHash: hex64,
    clientSeed: id,
    nonce: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
    result: z.unknown(),
    wagerMinor: minor,
    payoutMinor: minor,
    currency: z
      .string()
      .regex(/^[A-Z0-9]{3,8}$/, 'must be an upper-case currency code'),
    playedAt: z.string().datetime({ offset: true }),
  })
  .strict()
  .superRefine((round, ctx) => {
    const params = paramsByGame[round.game].safeParse(round.gameParams);
    if (!params.success) {
      for (const issue of params.error.issues) {
        ctx.addIssue({ ...issue, path: ['gameParams', ...issue.path] } as any);
      }
    }
    const result = resultByGame[round.game].safeParse(round.result);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ ...issue, path: ['result', ...issue.path] } as any);
      }
    } else if (
      round.game === 'mines' &&
      Array.isArray(round.result) &&
      round.result.length !== round.gameParams.mines
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['result'],
        message: `must list exactly ${round.gameParams.mines} mine tiles`,
      });
    }
  })
  .transform(round => ({
    ...round,
    // One spelling per instant, so the canonical encoding is unambiguous.
    playedAt: new Date(round.playedAt).toISOString(),
  }));

export const batchSchema = z
  .object({ rounds: z.array(z.unknown()).min(1).max(1000) })
  .strict();

export const revealSchema = z
  .object({ serverSeedHash: hex64, serverSeed: z.string().min(1).max(1000) })
  .strict();

export const commitSchema = z
  .object({ serverSeedHash: hex64, clientSeed: id, gameServerId: id })
  .strict();

const isoDate = z
  .string()
  .datetime({ offset: true })
  .transform(v => new Date(v).toISOString());

export const filterSchema = z.object({
  roundId: id.optional(),
  playerId: id.optional(),
  game: z.enum(GAMES).optional(),
  serverSeedHash: hex64.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const searchSchema = filterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().nonnegative().optional(),
});

export const pageSchema = z.object({
  after: z.coerce.number().int().min(-1).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});

export const exportSchema = filterSchema.extend({
  consistencyFrom: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform(v =>
      v === undefined ? [] : [v].flat().flatMap(s => s.split(',')),
    )
    .pipe(
      z.array(
        z.string().regex(/^\d+$/, 'must be a tree size').transform(Number),
      ),
    ),
});

function fieldPath(parts: PropertyKey[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else if (part !== '') {
      out += out ? `.${String(part)}` : String(part);
    }
  }
  return out;
}

function describe(error: z.ZodError, prefix: string): string {
  return error.issues
    .map(
      issue =>
        `${fieldPath([prefix, ...issue.path]) || 'body'}: ${issue.message}`,
    )
    .join('; ');
}

/** Parses with a schema or throws an InputError that names every bad field. */
export function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  prefix = '',
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(describe(parsed.error, prefix));
  }
  return parsed.data;
}

export function parseRound(value: unknown, prefix = ''): FairnessRound {
  return parse(roundSchema, value, prefix) as FairnessRound;
}
