/** `ui:options` of the InstanceFamilies field. */
export interface InstanceFamiliesOptions {
  /** The form field that holds the architecture (default `architecture`). */
  architectureField?: string;
  /** The families each architecture offers, e.g. `{ arm64: [m7g, c7g] }`. */
  families: Record<string, string[]>;
  /** What to tick when a change of architecture leaves nothing ticked. */
  defaults?: Record<string, string[]>;
}

/** The architecture the rest of the form chose, if any. */
export function chosenArchitecture(
  formData: Record<string, unknown> | undefined,
  options: InstanceFamiliesOptions,
): string | undefined {
  const value = formData?.[options.architectureField ?? 'architecture'];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The ticked families that run on `architecture`; when none is left, the
 * architecture's defaults. Values of the other architecture would otherwise
 * stay in the form data unseen (RJSF keeps them) and be refused on Next.
 */
export function keepMatching(
  value: string[] | undefined,
  architecture: string | undefined,
  options: InstanceFamiliesOptions,
): string[] {
  const offered = architecture ? options.families[architecture] ?? [] : [];
  const kept = (value ?? []).filter(f => offered.includes(f));
  if (kept.length || !architecture) return kept;
  return (options.defaults?.[architecture] ?? []).filter(f =>
    offered.includes(f),
  );
}

/** Families that do not run on `architecture`, for the error message. */
export function wrongArchitecture(
  value: string[] | undefined,
  architecture: string | undefined,
  options: InstanceFamiliesOptions,
): string[] {
  if (!architecture) return [];
  const offered = options.families[architecture] ?? [];
  return (value ?? []).filter(f => !offered.includes(f));
}
