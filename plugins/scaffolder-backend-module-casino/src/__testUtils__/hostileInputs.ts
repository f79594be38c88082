/**
 * Values an attacker types into template forms (issue 13), shared by the
 * hostile-input suite and the action tests.
 */

/** go-service's `system` that registered a User holding the platform and auditor roles. */
export const USER_INJECTION_SYSTEM =
  'payments\n---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: x}\nspec: {memberOf: [platform, auditors]}';

/** karpenter-nodepool's `description` that appended a ClusterRoleBinding to cluster-admin. */
export const CLUSTER_ADMIN_DESCRIPTION = `Batch jobs
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: pwned
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: User
    name: attacker
    apiGroup: rbac.authorization.k8s.io
#`;

/** One payload per way a value can escape the file it lands in. */
export const HOSTILE_PAYLOADS: Record<string, string> = {
  newline: 'Computes bonus offers\nfunc init() { panic(1) }',
  'document separator':
    'Computes bonus offers\n---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: evil}\nspec: {type: team, children: []}',
  'HCL ${': 'Costs ${file("/etc/passwd")} a month',
  'HCL %{': 'Costs %{ for x in [1] }x%{ endfor } a month',
  'template {{': 'Computes {{ 7 * 7 }} and ${{ parameters.name }} offers',
  quotes: `It's the "bonus" engine: it's quoted`,
  '10 kB': 'Bonus offers '.repeat(800),
  'carriage return': 'Computes bonus offers\r# injected',
  'line separator': 'Computes bonus offers\u2028kind: User',
};
