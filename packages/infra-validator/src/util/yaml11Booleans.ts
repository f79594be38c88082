import { LineCounter, parseDocument, Scalar, visit } from 'yaml';
import { Finding } from '../types';

// YAML 1.1's booleans (https://yaml.org/type/bool.html) that YAML 1.2's core
// schema reads as strings. `true` and `false` mean the same in both.
const YAML_11_ONLY_BOOLEAN =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * Finds unquoted scalars that this package's YAML 1.2 parser reads as strings
 * but Terraform's `yamldecode` reads as booleans: it follows YAML 1.1 there,
 * even for map keys (hashicorp/terraform#34611), so a node named `on` would
 * reach the module as a node named `true`.
 */
export function yaml11Booleans(source: string, shown: string): Finding[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  const findings: Finding[] = [];
  visit(doc, {
    Scalar(key, node: Scalar) {
      if (
        node.type === Scalar.PLAIN &&
        typeof node.value === 'string' &&
        YAML_11_ONLY_BOOLEAN.test(node.value) &&
        node.range
      ) {
        const asKey = key === 'key';
        findings.push({
          file: shown,
          line: lineCounter.linePos(node.range[0]).line,
          message: `Unquoted ${asKey ? 'key' : 'value'} '${
            node.value
          }' is a boolean to Terraform's yamldecode (YAML 1.1); quote it: '"${
            node.value
          }"'`,
          severity: 'error',
        });
      }
    },
  });
  return findings;
}
