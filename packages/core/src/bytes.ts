/** The UTF-8 bytes of `text`. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Base64 (standard alphabet, padded) of `bytes`, with Web APIs only (every runtime). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** `base64` (standard alphabet, padded) → base64url: `-` and `_`, no padding. */
export const base64ToUrl = (base64: string): string =>
  base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The bytes of base64 or base64url `text` (padding optional), or `undefined` when it is not
 * base64. The caller checks the alphabet it accepts first.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  try {
    const binary = atob(text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}
