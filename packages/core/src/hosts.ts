/** Adumo Online's API hosts (token endpoint at `<host>/oauth/token`). */
export const ADUMO_HOSTS = Object.freeze({
  /** Test/QA environment. */
  staging: 'https://staging-apiv3.adumoonline.com',
  /** Live environment. */
  production: 'https://apiv3.adumoonline.com',
} as const);

/** Name of an {@link ADUMO_HOSTS} preset. */
export type AdumoEnvironment = keyof typeof ADUMO_HOSTS;

/** Whether `hostname` (from a `URL`) is loopback: 127.0.0.0/8, ::1 or localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (host.startsWith('::ffff:')) return isLoopbackHost(host.slice(7));
  const parts = host.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  );
}
