import { formatMoney } from '@internal/pricing';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CostSourceId } from '@internal/plugin-cost-common';
import { CostConfig } from '../config';
import { CostStore } from '../database/CostStore';
import { budgetStatus } from './budgetStatus';
import { CatalogOwners } from './CatalogOwners';
import { CostSources } from './createCostSources';

/**
 * Imports cost from the configured sources into the store (the Kubernetes
 * source also backfills a demo cluster and drops old hours), records how
 * each import went and alerts teams over budget. Scheduled once across
 * replicas; the reader serves what it wrote.
 */
export class CostPoller {
  private readonly now: () => number;

  constructor(
    private readonly options: {
      store: CostStore;
      config: CostConfig;
      owners: Pick<CatalogOwners, 'serviceOwners'>;
      logger: LoggerService;
      sources: CostSources;
      notifications?: NotificationService;
      now?: () => number;
      /**
       * How long to wait for the catalog to list components (delayMs between
       * attempts) and, the first time, to settle (settleMs) before sampling.
       */
      catalogWait?: { attempts?: number; delayMs?: number; settleMs?: number };
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The configured sources and the minutes between their imports. */
  get schedules(): Array<{ source: CostSourceId; intervalMinutes: number }> {
    const { config, sources } = this.options;
    const schedules: Array<{ source: CostSourceId; intervalMinutes: number }> =
      [];
    if (sources.kubernetes)
      schedules.push({
        source: 'kubernetes',
        intervalMinutes: config.kubernetes.sampleIntervalMinutes,
      });
    if (sources.aws && config.aws)
      schedules.push({
        source: 'aws',
        intervalMinutes: config.aws.intervalMinutes,
      });
    if (sources.hetzner)
      schedules.push({
        source: 'hetzner',
        intervalMinutes: config.hetzner.intervalMinutes,
      });
    return schedules;
  }

  /** Runs one source's import and records how it went; never throws (pollers must not crash). */
  async runImport(source: CostSourceId): Promise<void> {
    const { store, logger, sources } = this.options;
    const at = new Date(this.now()).toISOString();
    try {
      let days = 0;
      let rows = 0;
      let unpriced: Record<string, number> | undefined;
      let error: string | undefined;
      if (source === 'kubernetes' && sources.kubernetes) {
        const results = await sources.kubernetes.sampleAll(
          await this.serviceOwners(),
        );
        for (const r of results) {
          if (r.allocation) {
            rows += r.allocation.rows.length;
            for (const [type, n] of Object.entries(
              r.allocation.unpriced.byInstanceType,
            )) {
              unpriced ??= {};
              unpriced[type] = (unpriced[type] ?? 0) + n;
            }
          }
          days = Math.max(
            days,
            r.backfilledHours > 0 ? Math.ceil(r.backfilledHours / 24) + 1 : 1,
          );
        }
        const failed = results.filter(r => !r.ok);
        if (failed.length > 0) {
          error = failed.map(f => `${f.cluster}: ${f.error}`).join('; ');
        }
      } else if (source === 'aws' && sources.aws) {
        const r = await sources.aws.import();
        days = r.days.length;
        rows = r.rows;
      } else if (source === 'hetzner' && sources.hetzner) {
        const r = await sources.hetzner.import();
        days = r.days.length;
        rows = r.rows;
        unpriced = Object.keys(r.unpriced).length > 0 ? r.unpriced : undefined;
      } else {
        return;
      }
      await store.saveRun({
        source,
        at,
        ok: !error,
        error,
        days,
        rows,
        unpriced,
      });
      await this.checkBudgets();
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      logger.warn(`Cost import from ${source} failed: ${error}`);
      await store
        .saveRun({ source, at, ok: false, error, days: 0, rows: 0 })
        .catch(() => {});
    }
  }

  /** Set once the catalog's owners were seen settled in this process. */
  private ownersSettled = false;

  /**
   * Owners from the catalog. Right after a fresh start the catalog may not
   * have ingested the components yet, or only some of them (components
   * before the groups that own namespaces): the first import, which also
   * backfills weeks of history, would book that cost as unallocated for
   * good. So wait for owners, and the first time for the same count twice
   * in a row (settleMs apart) before sampling.
   */
  private async serviceOwners(): Promise<Map<string, string>> {
    const {
      attempts = 12,
      delayMs = 10_000,
      settleMs = 3_000,
    } = this.options.catalogWait ?? {};
    let previous = -1;
    for (let i = 1; ; i++) {
      const owners = await this.options.owners.serviceOwners();
      const settled =
        owners.size > 0 && (this.ownersSettled || owners.size === previous);
      if (settled) this.ownersSettled = true;
      if (settled || i >= attempts) return owners;
      previous = owners.size;
      await new Promise(r =>
        setTimeout(r, owners.size > 0 ? settleMs : delayMs),
      );
    }
  }

  /**
   * Notifies a team once a month when its month's forecast exceeds its
   * budget. Computed from the store as just written, never from the
   * reader's cache, so the import that crosses the budget is the one that
   * alerts.
   */
  private async checkBudgets(): Promise<void> {
    const { notifications, store, logger, config } = this.options;
    const now = this.now();
    const statuses = await Promise.all(
      [...config.budgets].map(([team, budget]) =>
        budgetStatus({ store, team, budget, now }),
      ),
    );
    for (const b of statuses) {
      if (!b.exceeded || !notifications) continue;
      if (
        !(await store.claimBudgetAlert(
          b.team,
          b.month,
          new Date(this.now()).toISOString(),
        ))
      )
        continue;
      await notifications
        .send({
          recipients: { type: 'entity', entityRef: b.team },
          payload: {
            title: `Cost forecast for ${b.month} exceeds the budget`,
            description: `Forecast ${formatMoney(
              b.forecast,
            )} against a budget of ${formatMoney(b.budget)} (${formatMoney(
              b.monthToDate,
            )} so far).`,
            link: `/cost/teams/${b.team.replace(/^group:/, '')}`,
            severity: 'high',
            topic: 'cost-budget',
          },
        })
        .catch(e =>
          logger.warn(`Budget notification for ${b.team} failed: ${e}`),
        );
    }
  }
}
