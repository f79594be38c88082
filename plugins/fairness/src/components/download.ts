/** Offers a JSON document as a file download. */
export function downloadJson(name: string, value: unknown) {
  downloadText(name, JSON.stringify(value, null, 2), 'application/json');
}

/** Offers text as a file download. */
export function downloadText(name: string, text: string, type = 'text/plain') {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

export function formatResult(result: unknown): string {
  if (Array.isArray(result)) return result.join(', ');
  if (result && typeof result === 'object') {
    const { bucket, multiplier } = result as {
      bucket: number;
      multiplier: number;
    };
    return `bucket ${bucket} (×${multiplier})`;
  }
  return String(result);
}

export function formatMinor(amount: number, currency: string) {
  return `${(amount / 100).toFixed(2)} ${currency}`;
}

/** The backend's own words for a failed request, else the error message. */
export function describeError(error: Error): string {
  const body = (error as { body?: { error?: { message?: string } } }).body;
  return body?.error?.message ?? error.message;
}
