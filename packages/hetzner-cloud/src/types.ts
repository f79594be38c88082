/** The fields of a Hetzner Cloud server that the portal uses. */
export interface HetznerServer {
  id: number;
  name: string;
  /** running, initializing, starting, stopping, off, deleting, migrating, rebuilding, unknown */
  status: string;
  serverType: string;
  datacenter: string;
  location: string;
  labels: Record<string, string>;
  publicIpv4?: string;
}

/** A server type's net EUR prices as decimal strings. */
export type HetznerServerTypePrice = { hourlyNet: string; monthlyNet?: string };
