import { Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';

/**
 * An anchor transaction: linked to the configured block explorer
 * (`fairness.blockExplorer.transactionUrl`) and named with its chain.
 */
export function AnchorTransaction(props: { txHash: string; chainId?: string }) {
  const config = useApi(configApiRef);
  const template = config.getOptionalString(
    'fairness.blockExplorer.transactionUrl',
  );
  const chain =
    config.getOptionalString('fairness.blockExplorer.chainName') ??
    (props.chainId ? `chain ${props.chainId}` : undefined);
  const href =
    template && /^https?:\/\//.test(template)
      ? template.replace('{txHash}', encodeURIComponent(props.txHash))
      : undefined;
  return (
    <>
      {href ? (
        <Link to={href} title="open the transaction on the block explorer">
          {props.txHash}
        </Link>
      ) : (
        <code>{props.txHash}</code>
      )}
      {chain ? ` on ${chain}` : ''}
    </>
  );
}
