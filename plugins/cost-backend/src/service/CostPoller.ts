import { formatMoney } from '@internal/pricing';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { CostSourceId } from '@internal/plugin-cost-common';
import { CostSource } from '@internal/plugin-cost-node';
import { CostConfig } from '../config';
import { CostStore } from '../database/CostStore';
import { budgetStatus } from './budgetStatus';
import { CatalogOwners } from './CatalogOwners';

/**
 * Imports cost from the sources the modules added into the store, records
 * how each import went and alerts teams over budget. Scheduled once across
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
      /** The sources the modules added, one per id. */
      sources: CostSource[];
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

  /** The sources and the minutes between their imports. */
  get schedules(): Array<{ source: CostSourceId; intervalMinutes: number }> {
    return this.options.sources.map(s => ({
      source: s.id,
      intervalMinutes: s.intervalMinutes,
    }));
  }

  /** Runs one source's import and records how it went; never throws (pollers must not crash). */
  async runImport(source: CostSourceId): Promise<void> {
    const { store, logger, sources } = this.options;
    const at = new Date(this.now()).toISOString();
    const found = sources.find(s => s.id === source);
    if (!found) {
      return;
    }
    try {
      const result = await found.import({
        sink: store,
        serviceOwners: () => this.serviceOwners(),
      });
      await store.saveRun({
        source,
        at,
        ok: !result.error,
        error: result.error,
        days: result.days.length,
        rows: result.rows,
        unpriced:
          result.unpriced && Object.keys(result.unpriced).length > 0
            ? result.unpriced
            : undefined,
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
