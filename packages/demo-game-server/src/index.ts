export { DemoGameServer, type DemoOptions } from './DemoGameServer';
