/**
 * AWS answers shaped like the real ones: a Price List API `GetProducts`
 * entry (a JSON string per product) and a `DescribeSpotPriceHistory` row.
 */
export function priceListEntry(
  instanceType: string,
  usd: string,
  extra: Record<string, string> = {},
): string {
  const sku = `SKU${instanceType.replace(/\W/g, '').toUpperCase()}`;
  return JSON.stringify({
    product: {
      productFamily: 'Compute Instance',
      attributes: {
        enhancedNetworkingSupported: 'Yes',
        intelTurboAvailable: 'No',
        memory: '16 GiB',
        dedicatedEbsThroughput: 'Up to 10000 Mbps',
        vcpu: '4',
        classicnetworkingsupport: 'false',
        capacitystatus: 'Used',
        locationType: 'AWS Region',
        storage: 'EBS only',
        instanceFamily: 'General purpose',
        operatingSystem: 'Linux',
        regionCode: 'eu-central-1',
        physicalProcessor: 'Intel Xeon 8375C (Ice Lake)',
        servicecode: 'AmazonEC2',
        networkPerformance: 'Up to 12500 Megabit',
        servicename: 'Amazon Elastic Compute Cloud',
        instanceType,
        tenancy: 'Shared',
        usagetype: `EUC1-BoxUsage:${instanceType}`,
        normalizationSizeFactor: '8',
        preInstalledSw: 'NA',
        location: 'EU (Frankfurt)',
        processorArchitecture: '64-bit',
        marketoption: 'OnDemand',
        operation: 'RunInstances',
        licenseModel: 'No License required',
        ...extra,
      },
      sku,
    },
    serviceCode: 'AmazonEC2',
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions: {
            [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
              unit: 'Hrs',
              endRange: 'Inf',
              description: `$${usd} per On Demand Linux ${instanceType} Instance Hour`,
              appliesTo: [],
              rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7`,
              beginRange: '0',
              pricePerUnit: { USD: usd },
            },
          },
          sku,
          effectiveDate: '2026-11-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
      Reserved: {
        [`${sku}.4NA7Y494T4`]: {
          priceDimensions: {
            [`${sku}.4NA7Y494T4.6YS6EN2CT7`]: {
              unit: 'Hrs',
              endRange: 'Inf',
              description: 'Linux/UNIX (Amazon VPC), 1yr, No Upfront',
              appliesTo: [],
              rateCode: `${sku}.4NA7Y494T4.6YS6EN2CT7`,
              beginRange: '0',
              pricePerUnit: { USD: '0.0010000000' },
            },
          },
          sku,
          effectiveDate: '2026-11-01T00:00:00Z',
          offerTermCode: '4NA7Y494T4',
          termAttributes: {
            LeaseContractLength: '1yr',
            OfferingClass: 'standard',
            PurchaseOption: 'No Upfront',
          },
        },
      },
    },
    version: '20261120183032',
    publicationDate: '2026-11-20T18:30:32Z',
  });
}

export function spotRow(
  zone: string,
  instanceType: string,
  price: string,
  timestamp = '2026-12-02T13:42:17.000Z',
) {
  return {
    AvailabilityZone: zone,
    InstanceType: instanceType as any,
    ProductDescription: 'Linux/UNIX' as const,
    SpotPrice: price,
    Timestamp: new Date(timestamp),
  };
}
