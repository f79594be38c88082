/**
 * Hetzner Cloud server types the chain nodes may use, with list prices.
 * Monthly caps in EUR excluding VAT for the German and Finnish locations
 * (fsn1, nbg1, hel1), as published on https://www.hetzner.com/cloud.
 * TODO(prices): move next to the EC2 table in @internal/plugin-node-mix-common
 * so the cost dashboard and the templates share one dated source.
 *
 * @internal
 */
export const hetznerPriceTable = {
  id: 'hetzner-cloud-eu-2025-10',
  asOf: '2025-10-01',
  source:
    'https://www.hetzner.com/cloud (monthly cap, EUR excl. VAT, eu-central)',
  currency: 'EUR' as const,
  volumeEurPerGbMonth: 0.044,
  serverTypes: {
    // Dedicated vCPU (AMD): what chain clients need for sync and RPC
    ccx13: { vcpu: 2, memoryGb: 8, eurPerMonth: 12.49 },
    ccx23: { vcpu: 4, memoryGb: 16, eurPerMonth: 24.49 },
    ccx33: { vcpu: 8, memoryGb: 32, eurPerMonth: 48.49 },
    ccx43: { vcpu: 16, memoryGb: 64, eurPerMonth: 96.49 },
    ccx53: { vcpu: 32, memoryGb: 128, eurPerMonth: 192.49 },
    ccx63: { vcpu: 48, memoryGb: 192, eurPerMonth: 288.49 },
    // Shared vCPU (AMD): light nodes and test networks
    cpx31: { vcpu: 4, memoryGb: 8, eurPerMonth: 13.6 },
    cpx41: { vcpu: 8, memoryGb: 16, eurPerMonth: 25.2 },
    cpx51: { vcpu: 16, memoryGb: 32, eurPerMonth: 54.9 },
  } as Record<string, { vcpu: number; memoryGb: number; eurPerMonth: number }>,
};
