import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { DNS_1123_LABEL, workspaceChild } from './util';
import { fileExists } from '../fileExists';

const GRAVITON = /^[a-z]\d+g[a-z]*$/;
// Kubernetes qualified names and label values (taint keys and values)
const TAINT_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/**
 * `casino:karpenter:enable-nodepool`: turns a new NodePool manifest on in one
 * environment by listing it in `node_pools` of
 * `infra/terragrunt/envs/<environment>/karpenter/terragrunt.hcl` (starting
 * from the karpenter module's default list when the environment does not
 * set one), and refuses families that do not match the architecture, a
 * weight below 1 and malformed taints. It follows the unit's includes: when
 * a shared `_envcommon/*.hcl` sets `node_pools` for every environment, it
 * refuses rather than change one environment in a way the deep merge would
 * concatenate.
 *
 * @internal
 */
export function createKarpenterEnableNodePoolAction() {
  return createTemplateAction({
    id: 'casino:karpenter:enable-nodepool',
    description:
      "Checks a new NodePool's inputs and lists its manifest in an environment's Karpenter node_pools (read from basePath, written to outPath)",
    supportsDryRun: true,
    schema: {
      input: {
        basePath: z => z.string(),
        outPath: z => z.string(),
        environment: z => z.string(),
        name: z => z.string({ description: 'NodePool name' }),
        architecture: z => z.enum(['amd64', 'arm64']),
        families: z => z.array(z.string()).min(1),
        weight: z =>
          z
            .number({
              description:
                'Karpenter tries pools in descending weight; 1-100 (the CRD refuses 0)',
            })
            .optional(),
        taints: z =>
          z
            .array(
              z.object({
                key: z.string(),
                value: z.string().optional(),
                effect: z.string(),
              }),
            )
            .optional(),
      },
      output: {
        manifest: z =>
          z.string({ description: 'Repository path of the NodePool manifest' }),
        terragruntFile: z => z.string(),
        nodePools: z => z.array(z.string()),
      },
    },
    async handler(ctx) {
      const { environment, name, architecture, families } = ctx.input;
      if (name.length > 50 || !DNS_1123_LABEL.test(name)) {
        throw new InputError(
          `name '${name}' must be a DNS-1123 label of at most 50 characters`,
        );
      }
      const wrongArch = families.filter(
        f => GRAVITON.test(f) !== (architecture === 'arm64'),
      );
      if (wrongArch.length) {
        throw new InputError(
          `families: ${wrongArch.join(', ')} ${
            wrongArch.length === 1 ? 'does' : 'do'
          } not run ${architecture}; ${
            architecture === 'arm64'
              ? 'Graviton families end in g (m7g, c7g, r7g)'
              : 'x86 families have no g (m6i, c6i, r6i)'
          }`,
        );
      }
      const { weight, taints = [] } = ctx.input;
      if (
        weight !== undefined &&
        !(Number.isInteger(weight) && weight >= 1 && weight <= 100)
      ) {
        throw new InputError(
          `weight ${weight} must be a whole number from 1 to 100; Karpenter refuses a NodePool of weight 0`,
        );
      }
      taints.forEach((t, n) => {
        if (t.key.length > 253 || !TAINT_KEY.test(t.key)) {
          throw new InputError(
            `taints[${n}].key '${t.key}' must be a label key such as casino.io/dedicated`,
          );
        }
        if (t.value !== undefined && !LABEL_VALUE.test(t.value)) {
          throw new InputError(
            `taints[${n}].value '${t.value}' must be a label value: at most 63 letters, digits, '-', '_' or '.'`,
          );
        }
        if (!TAINT_EFFECTS.includes(t.effect)) {
          throw new InputError(
            `taints[${n}].effect '${
              t.effect
            }' must be one of ${TAINT_EFFECTS.join(', ')}`,
          );
        }
      });
      const base = workspaceChild(ctx, ctx.input.basePath, 'basePath');
      const out = workspaceChild(ctx, ctx.input.outPath, 'outPath');
      const manifest = `infra/kubernetes/karpenter/nodepool-${name}.yaml`;
      if (await fileExists(path.join(base, manifest))) {
        throw new ConflictError(
          `name '${name}' is taken: ${manifest} already exists in the infra repository`,
        );
      }
      const tgFile = `infra/terragrunt/envs/${environment}/karpenter/terragrunt.hcl`;
      if (
        !/^[a-z0-9-]+$/.test(environment) ||
        !(await fileExists(path.join(base, tgFile)))
      ) {
        throw new InputError(
          `environment '${environment}' has no ${tgFile} in the infra repository`,
        );
      }
      const source = await fs.readFile(path.join(base, tgFile), 'utf8');
      const parsed = await parse(tgFile, source);
      const inputs = (parsed.inputs ?? {}) as Record<string, unknown>;
      let current = inputs.node_pools as string[] | undefined;
      if (!Array.isArray(current)) {
        const shared = await sharedNodePools(base, parsed);
        if (shared) {
          throw new ConflictError(
            `node_pools is set in ${shared}, which every environment includes; list '${name}' there, or move node_pools into ${tgFile} by hand`,
          );
        }
      }
      let text: string;
      const entry = `nodepool-${name}`;
      if (Array.isArray(current)) {
        // Append to the literal list: `node_pools = [ ... ]`
        const m = /(\n[ \t]*node_pools[ \t]*=[ \t]*\[)([^\]]*)\]/.exec(source);
        if (!m) {
          throw new InputError(
            `${tgFile}: node_pools is not a literal list; add '${entry}' by hand`,
          );
        }
        const items = m[2].trim().replace(/,\s*$/, '');
        const body = items ? `${items}, "${entry}"` : `"${entry}"`;
        text = source.replace(m[0], `${m[1]}${body}]`);
      } else {
        const vars = await parse(
          'variables.tf',
          await fs.readFile(
            path.join(base, 'infra/terraform/modules/karpenter/variables.tf'),
            'utf8',
          ),
        );
        current = (vars.variable?.node_pools?.[0]?.default ?? []) as string[];
        const list = [...current, entry].map(p => `"${p}"`).join(', ');
        const assignment = `  # NodePool and EC2NodeClass manifests applied in this environment\n  node_pools = [${list}]\n`;
        const m = /\ninputs[ \t]*=[ \t]*\{\n/.exec(source);
        if (m) {
          const at = m.index + m[0].length;
          text = `${source.slice(0, at)}${assignment}\n${source.slice(at)}`;
        } else if (!/(^|\n)\s*inputs\s*=/.test(source)) {
          // The shared include sets the other inputs; the unit starts its own
          text = `${source.replace(
            /\n*$/,
            '\n',
          )}\ninputs = {\n${assignment}}\n`;
        } else {
          throw new InputError(
            `${tgFile}: inputs is not a literal block; add '${entry}' to node_pools by hand`,
          );
        }
      }
      const nodePools = [...current, entry];
      await fs.mkdir(path.dirname(path.join(out, tgFile)), { recursive: true });
      await fs.writeFile(path.join(out, tgFile), text);
      ctx.logger.info(`${tgFile}: node_pools = ${JSON.stringify(nodePools)}`);
      ctx.output('manifest', manifest);
      ctx.output('terragruntFile', tgFile);
      ctx.output('nodePools', nodePools);
    },
  });
}

/**
 * The included `_envcommon` file (as a repository path) that sets node_pools,
 * if any: the unit inherits that list, deep-merged with its own.
 */
async function sharedNodePools(
  base: string,
  unit: Record<string, any>,
): Promise<string | undefined> {
  for (const bodies of Object.values(unit.include ?? {})) {
    for (const body of bodies as Array<Record<string, unknown>>) {
      const m = /\/_envcommon\/([a-z0-9-]+\.hcl)$/.exec(
        String(body.path ?? ''),
      );
      if (!m) continue;
      const file = `infra/terragrunt/_envcommon/${m[1]}`;
      if (!(await fileExists(path.join(base, file)))) continue;
      const shared = await parse(
        file,
        await fs.readFile(path.join(base, file), 'utf8'),
      );
      if (shared.inputs?.node_pools !== undefined) return file;
    }
  }
  return undefined;
}
