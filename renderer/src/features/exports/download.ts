/**
 * Hands an exported file to the user: a blob: URL made here and an a[download] clicked once (Electron then
 * asks where to save it). Returns false where the platform cannot do that (tests in jsdom).
 */
export function downloadFile(file: { file_name: string; media_type: string; data_base64: string }): boolean {
  if (typeof URL.createObjectURL !== 'function') return false;
  const binary = atob(file.data_base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.media_type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.file_name;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
