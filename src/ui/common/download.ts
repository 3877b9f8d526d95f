/** Saves a blob, bytes or text as a file through a temporary object URL (no network involved). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Give the browser time to start the download before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadFile(name: string, content: Uint8Array | string, type: string): void {
  const part: BlobPart = typeof content === 'string' ? content : new Uint8Array(content);
  downloadBlob(new Blob([part], { type }), name);
}
