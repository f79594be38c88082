import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  NoteSigner,
  generateNoteKeys,
  parseSignerKey,
} from '@internal/plugin-fairness-common';
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_ORIGIN = 'casino-platform.local/fairness-log';

/**
 * The log's signer: `fairness.signingKey` when configured, otherwise a
 * development key generated once and kept under data/ so that restarts keep
 * the same public key.
 */
export function loadSigner(
  config: RootConfigService,
  logger: LoggerService,
): NoteSigner {
  const origin = config.getOptionalString('fairness.origin') ?? DEFAULT_ORIGIN;
  const configured = config.getOptionalString('fairness.signingKey');
  let signer: NoteSigner;
  if (configured) {
    signer = parseSignerKey(configured);
  } else {
    const file = path.resolve(
      config.getOptionalString('fairness.devKeyFile') ??
        '../../data/fairness/dev-signing-key',
    );
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${generateNoteKeys(origin).signerKey}\n`, {
        mode: 0o600,
      });
      logger.warn(
        `fairness.signingKey is not set; generated a development signing key in ${file}`,
      );
    }
    signer = parseSignerKey(fs.readFileSync(file, 'utf8'));
  }
  if (signer.name !== origin) {
    throw new Error(
      `fairness signing key is named '${signer.name}' but fairness.origin is '${origin}'; they must match`,
    );
  }
  logger.info(
    `fairness log '${origin}' signs tree heads with public key ${signer.verifierKey}`,
  );
  return signer;
}
