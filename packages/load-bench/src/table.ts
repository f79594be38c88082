import { LoadResult } from './load';
import { PageResult } from './pages';

const fixed = (n: number, digits = 0) => n.toFixed(digits);

/** The results as one Markdown table, production and dev side by side. */
export function loadTable(results: LoadResult[], targets: string[]): string {
  const header = [
    'route',
    'clients',
    ...targets.flatMap(t => [
      `${t} req/s`,
      `${t} p50 ms`,
      `${t} p99 ms`,
      `${t} errors`,
      `${t} CPU %`,
      `${t} CPU ms/req`,
    ]),
  ];
  const label = (r: LoadResult) =>
    r.paceSeconds
      ? `${r.clients} (1 req / ${r.paceSeconds} s each)`
      : String(r.clients);
  const keys = [...new Set(results.map(r => `${r.route}\u0000${label(r)}`))];
  const rows = keys.map(key => {
    const [route, clients] = key.split('\u0000');
    return [
      `\`${route}\``,
      clients,
      ...targets.flatMap(t => {
        const r = results.find(
          x => x.target === t && x.route === route && label(x) === clients,
        );
        return r
          ? [
              fixed(r.requestsPerSecond),
              fixed(r.p50Ms),
              fixed(r.p99Ms),
              String(r.errors),
              fixed(r.cpuPercent),
              r.requestsPerSecond > 0
                ? fixed((r.cpuPercent * 10) / r.requestsPerSecond, 1)
                : '-',
            ]
          : ['-', '-', '-', '-', '-', '-'];
      }),
    ];
  });
  return markdown(header, rows);
}

/** Page times: one column per visit. */
export function pageTable(results: PageResult[], load: string): string {
  const visits = Math.max(...results.map(r => r.visit));
  const pages = [...new Set(results.map(r => r.page))];
  const header = [
    `page (while ${load})`,
    ...Array.from({ length: visits }, (_, i) => `visit ${i + 1} ms`),
  ];
  const rows = pages.map(p => [
    p,
    ...Array.from({ length: visits }, (_, i) => {
      const ms = results.find(r => r.page === p && r.visit === i + 1)?.ms;
      return ms === null || ms === undefined ? 'timeout' : String(ms);
    }),
  ]);
  return markdown(header, rows);
}

function markdown(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map(r => `| ${r.join(' | ')} |`),
  ].join('\n');
}
