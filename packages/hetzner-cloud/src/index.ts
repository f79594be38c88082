export { HetznerCloudClient } from './HetznerCloudClient';
export type { HetznerCloudClientOptions } from './HetznerCloudClient';
export { HetznerApiError } from './HetznerApiError';
export type { HetznerRateLimit } from './rateLimit';
export type { HetznerServer, HetznerServerTypePrice } from './types';
