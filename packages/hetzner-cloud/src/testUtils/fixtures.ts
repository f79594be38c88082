// Response bodies in the shape of the Hetzner Cloud API
// (https://docs.hetzner.cloud/reference/cloud#servers-list-servers and
// #server-types-list-server-types), trimmed of fields the portal never reads
// only where they are large (a server's type prices).

export function hetznerServer(overrides: {
  id: number;
  name: string;
  status?: string;
  chain?: string;
  location?: string;
  datacenter?: string;
  serverType?: string;
}) {
  const location = overrides.location ?? 'fsn1';
  const datacenter = overrides.datacenter ?? `${location}-dc14`;
  const locationObject = {
    id: 1,
    name: location,
    description: 'Falkenstein DC Park 1',
    country: 'DE',
    city: 'Falkenstein',
    latitude: 50.47612,
    longitude: 12.370071,
    network_zone: 'eu-central',
  };
  return {
    id: overrides.id,
    name: overrides.name,
    status: overrides.status ?? 'running',
    created: '2026-10-01T09:12:44+00:00',
    public_net: {
      ipv4: {
        id: overrides.id * 10,
        ip: `203.0.113.${overrides.id % 250}`,
        blocked: false,
        dns_ptr: `static.${overrides.id}.clients.your-server.de`,
      },
      ipv6: {
        id: overrides.id * 10 + 1,
        ip: '2001:db8::/64',
        blocked: false,
        dns_ptr: [],
      },
      floating_ips: [],
      firewalls: [],
    },
    private_net: [
      {
        network: 4711,
        ip: '10.0.1.5',
        alias_ips: [],
        mac_address: '86:00:ff:2a:7d:e1',
      },
    ],
    server_type: {
      id: 96,
      name: overrides.serverType ?? 'ccx33',
      description: 'CCX33 Dedicated CPU',
      cores: 8,
      memory: 32,
      disk: 240,
      deprecated: false,
      prices: [],
      storage_type: 'local',
      cpu_type: 'dedicated',
      architecture: 'x86',
    },
    datacenter: {
      id: 4,
      name: datacenter,
      description: 'Falkenstein 1 virtual DC 14',
      location: locationObject,
      server_types: {
        supported: [96],
        available: [96],
        available_for_migration: [96],
      },
    },
    location: locationObject,
    image: {
      id: 161547269,
      type: 'system',
      status: 'available',
      name: 'ubuntu-24.04',
      description: 'Ubuntu 24.04',
      os_flavor: 'ubuntu',
      os_version: '24.04',
      architecture: 'x86',
      rapid_deploy: true,
      protection: { delete: false },
      deprecated: null,
      labels: {},
    },
    iso: null,
    rescue_enabled: false,
    locked: false,
    backup_window: null,
    outgoing_traffic: 123456789,
    ingoing_traffic: 987654321,
    included_traffic: 21990232555520,
    protection: { delete: true, rebuild: true },
    labels: {
      role: 'chain-node',
      chain: overrides.chain ?? 'casino-mainnet',
      environment: 'production',
    },
    volumes: [],
    load_balancers: [],
    primary_disk_size: 240,
    placement_group: null,
  };
}

/** A server type with a price per location (net and gross EUR strings). */
export function hetznerServerType(
  name: string,
  prices: Array<{ location: string; hourlyNet: string; monthlyNet?: string }>,
) {
  const gross = (net: string) => (Number(net) * 1.19).toFixed(4);
  return {
    id: 96,
    name,
    description: `${name.toUpperCase()} Dedicated CPU`,
    cores: 8,
    memory: 32,
    disk: 240,
    deprecated: false,
    deprecation: null,
    prices: prices.map(p => ({
      location: p.location,
      price_hourly: { net: p.hourlyNet, gross: gross(p.hourlyNet) },
      price_monthly: p.monthlyNet
        ? { net: p.monthlyNet, gross: gross(p.monthlyNet) }
        : undefined,
      included_traffic: 21990232555520,
      price_per_tb_traffic: { net: '1.0000000000', gross: '1.1900000000' },
    })),
    storage_type: 'local',
    cpu_type: 'dedicated',
    category: 'dedicated_cpu',
    architecture: 'x86',
  };
}

function listPage(
  key: string,
  items: unknown[],
  page: number,
  lastPage: number,
  perPage: number,
) {
  return {
    [key]: items,
    meta: {
      pagination: {
        page,
        per_page: perPage,
        previous_page: page > 1 ? page - 1 : null,
        next_page: page < lastPage ? page + 1 : null,
        last_page: lastPage,
        total_entries: (lastPage - 1) * perPage + items.length,
      },
    },
  };
}

export function serversPage(
  servers: unknown[],
  page: number,
  lastPage: number,
  perPage = 50,
) {
  return listPage('servers', servers, page, lastPage, perPage);
}

export function serverTypesPage(
  serverTypes: unknown[],
  page: number,
  lastPage: number,
  perPage = 50,
) {
  return listPage('server_types', serverTypes, page, lastPage, perPage);
}

export const hetznerError = (code: string, message: string) => ({
  error: { code, message, details: {} },
});
