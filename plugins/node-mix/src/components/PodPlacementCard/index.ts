export { PodPlacementCard } from './PodPlacementCard';
