export { NodeClaimIssueChip } from './NodeClaimIssueChip';
