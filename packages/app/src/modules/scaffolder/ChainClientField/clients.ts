/** `ui:options` of the ChainClient field. */
export interface ChainClientOptions {
  /** The form field that holds the chain (default `chain`). */
  chainField?: string;
  /** The clients that run each chain, the chain's default first. */
  clients: Record<string, string[]>;
}

/** The chain the rest of the form chose, if any. */
export function chosenChain(
  formData: Record<string, unknown> | undefined,
  options: ChainClientOptions,
): string | undefined {
  const value = formData?.[options.chainField ?? 'chain'];
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Why `client` cannot run `chain`, in words, or undefined when it can (or
 * nothing is chosen yet). The add-node step refuses it again.
 */
export function wrongClient(
  client: string | undefined,
  chain: string | undefined,
  options: ChainClientOptions,
): string | undefined {
  if (!client || !chain) return undefined;
  const offered = options.clients[chain];
  if (!offered || offered.includes(client)) return undefined;
  return `${client} does not run ${chain}: choose ${offered.join(
    ' or ',
  )}, or leave it empty for ${offered[0]}.`;
}
