export { techdocsModule } from './techdocsModule';
