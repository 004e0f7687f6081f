import type { AxiosRequestConfig } from 'axios';
import type { OriginPolicy } from '@adumo-oauth/core/adapter';

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>;

/** Our wrappers, mapped to the hook the caller had set (if any), so a retry does not stack them. */
const wrapped = new WeakMap<BeforeRedirect, BeforeRedirect | undefined>();

/**
 * A `beforeRedirect` (Node's http adapter, follow-redirects) that removes `Authorization` from the
 * next hop unless its origin is allowed — also for the cases follow-redirects itself keeps the
 * header (a subdomain, `http` → `https`, axios versions before it stripped it), then calls the
 * caller's own hook. Browsers and the fetch adapter follow redirects natively and drop the header
 * on a cross-origin hop themselves.
 */
export function guardRedirects(config: AxiosRequestConfig, policy: OriginPolicy): void {
  const current = config.beforeRedirect;
  const own = current !== undefined && wrapped.has(current) ? wrapped.get(current) : current;
  const guard: BeforeRedirect = (options, responseDetails, requestDetails) => {
    if (!policy.allows(nextHop(options))) deleteAuthorization(options.headers);
    own?.(options, responseDetails, requestDetails);
  };
  wrapped.set(guard, own);
  config.beforeRedirect = guard;
}

/** The next hop's URL from follow-redirects' request options (`href`, else its parts). */
function nextHop(options: Record<string, unknown>): string {
  if (typeof options.href === 'string') return options.href;
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const host = text(options.hostname);
  const port = text(options.port) === '' ? '' : `:${text(options.port)}`;
  return `${text(options.protocol)}//${host.includes(':') ? `[${host}]` : host}${port}/`;
}

function deleteAuthorization(headers: unknown): void {
  if (typeof headers !== 'object' || headers === null) return;
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'authorization') delete (headers as Record<string, unknown>)[name];
  }
}
