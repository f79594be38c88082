/** A link on the home page's role guide. */
export type RoleLink = { title: string; to: string; description: string };

/** A kind of visitor and the pages that kind of visitor starts from. */
export type Role = { id: string; title: string; links: RoleLink[] };

const docs = '/docs/default/system/casino-platform';

/** Each role's first pages: the portal's own pages and the docs written for it. */
export const roles: Role[] = [
  {
    id: 'developer',
    title: 'Developers',
    links: [
      {
        title: 'Start here',
        to: `${docs}/developers/`,
        description: 'From an idea to a running Go service',
      },
      {
        title: 'Create',
        to: '/create',
        description: 'New services, deployments, NodePools and chain nodes',
      },
      {
        title: 'Catalog',
        to: '/catalog',
        description: 'Every team, service, API and resource',
      },
      {
        title: 'APIs',
        to: '/api-docs',
        description: 'OpenAPI and gRPC definitions',
      },
    ],
  },
  {
    id: 'on-call',
    title: 'On-call',
    links: [
      {
        title: 'Runbooks',
        to: `${docs}/on-call/`,
        description: 'Karpenter and chain-node alerts, step by step',
      },
      {
        title: 'Clusters',
        to: '/clusters',
        description: 'Node mix, pending pods and consolidation',
      },
      {
        title: 'Chain nodes',
        to: '/chain-nodes',
        description: 'Health of every chain node',
      },
      {
        title: 'Notifications',
        to: '/notifications',
        description: "Your teams' chain-node and budget alerts",
      },
    ],
  },
  {
    id: 'auditor',
    title: 'Auditors',
    links: [
      {
        title: 'Audit log',
        to: '/fairness',
        description: 'Game rounds, signed tree heads and proofs',
      },
      {
        title: 'Verifying game rounds',
        to: `${docs}/auditors/`,
        description: 'What a check proves and how to run it',
      },
      {
        title: "Auditor's guide",
        to: `${docs}/auditors-guide/`,
        description: 'The audit log, the CLI and evidence bundles',
      },
    ],
  },
  {
    id: 'reader',
    title: 'Readers',
    links: [
      {
        title: 'Platform overview',
        to: `${docs}/platform/overview/`,
        description: 'How the platform fits together',
      },
      {
        title: 'Docs',
        to: '/docs',
        description: 'All documentation sites',
      },
      {
        title: 'Catalog graph',
        to: '/catalog-graph',
        description: 'The platform system and what belongs to it',
      },
      {
        title: 'Cost',
        to: '/cost',
        description: 'What each team and service costs',
      },
    ],
  },
];
