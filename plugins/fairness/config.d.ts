export interface Config {
  fairness?: {
    /** Where the audit log links the transactions that anchor signed tree heads. */
    blockExplorer?: {
      /**
       * Name of the chain the log anchors to, shown with each anchor, e.g.
       * "Ethereum Sepolia". Without it the chain id from the anchor is shown.
       * @visibility frontend
       */
      chainName?: string;
      /**
       * A transaction's page on the block explorer; `{txHash}` is replaced
       * by the transaction hash, e.g. "https://sepolia.etherscan.io/tx/{txHash}".
       * Without it the hash is shown without a link. Only http(s) URLs.
       * @visibility frontend
       */
      transactionUrl?: string;
    };
  };
}
