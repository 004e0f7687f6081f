/**
 * Release a response that will not be read (the first 401 before a retry), so its connection goes
 * back to the pool instead of waiting for garbage collection. Never throws.
 */
export async function cancelBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Already consumed or errored: nothing left to release.
  }
}
