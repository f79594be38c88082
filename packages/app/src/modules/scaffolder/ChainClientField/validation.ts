import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { ChainClientOptions, chosenChain, wrongClient } from './clients';

/**
 * Refuses a client the chosen chain does not run on Next (the field drops
 * it when the chain changes; this holds when the form data came from a
 * link). The `casino:hetzner:add-node` step refuses it again.
 */
export const validateChainClient: CustomFieldValidator<
  string,
  ChainClientOptions
> = (value, validation, context) => {
  const options = context.uiSchema?.['ui:options'] as
    | ChainClientOptions
    | undefined;
  if (!options?.clients) return;
  const message = wrongClient(
    value,
    chosenChain(context.formData, options),
    options,
  );
  if (message) validation.addError(message);
};
