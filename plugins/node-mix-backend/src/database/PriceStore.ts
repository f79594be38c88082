/** What kind of EC2 price. */
export type PriceKind = 'on-demand' | 'spot';

/** One cached EC2 price. */
export interface StoredPrice {
  kind: PriceKind;
  region: string;
  /** Availability zone of a spot price; '' for on-demand. */
  zone: string;
  instanceType: string;
  usdPerHour: number;
  readAt: Date;
}

/** The last refresh of a kind of price in a region. */
export interface PriceRefreshState {
  kind: PriceKind;
  region: string;
  lastAttemptAt: Date;
  lastSuccessAt?: Date;
  /** Why the last refresh failed; undefined when it worked. */
  error?: string;
}

/** Cache of the prices read from AWS, with their dates. */
export interface PriceStore {
  /** Replaces every price of a kind and region with a new read. */
  replacePrices(
    kind: PriceKind,
    region: string,
    prices: Array<{ zone: string; instanceType: string; usdPerHour: number }>,
    readAt: Date,
  ): Promise<void>;
  /** Records a failed refresh; the prices stored before stay. */
  recordFailure(
    kind: PriceKind,
    region: string,
    at: Date,
    error: string,
  ): Promise<void>;
  listPrices(): Promise<StoredPrice[]>;
  listRefreshStates(): Promise<PriceRefreshState[]>;
}
