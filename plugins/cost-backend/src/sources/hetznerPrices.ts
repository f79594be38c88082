/**
 * Hourly net prices (EUR, excl. VAT) of the Hetzner Cloud dedicated-vCPU
 * server types the chain nodes run on, for the local default without a
 * Hetzner token. Transcribed from hetzner.com/cloud, not fetched live; with
 * `cost.hetzner.token` the prices come from `GET /v1/server_types` instead.
 *
 * TODO(pricing): prices differ slightly by location (ash/hil cost more); this
 * table holds the German/Finnish locations only.
 */
export const HETZNER_LOCAL_PRICES = {
  asOf: '2026-11-27',
  source:
    'Hetzner Cloud price list (EU locations), transcribed into the plugin',
  currency: 'EUR',
  hourlyNet: {
    ccx13: '0.0200',
    ccx23: '0.0392',
    ccx33: '0.0777',
    ccx43: '0.1546',
    ccx53: '0.3085',
    ccx63: '0.4623',
    cx22: '0.0060',
    cx32: '0.0113',
    cx42: '0.0273',
    cx52: '0.0540',
    cpx31: '0.0232',
    cpx41: '0.0425',
    cpx51: '0.0889',
  } as Record<string, string>,
};
