/** Offers a round's receipt as a `.tlog-proof` file, the extension C2SP asks for. */
export function saveReceipt(roundId: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `round-${roundId}.tlog-proof`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
