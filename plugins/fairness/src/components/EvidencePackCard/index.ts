export { EvidencePackCard } from './EvidencePackCard';
