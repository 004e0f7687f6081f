/** The product API call every scenario sends: Adumo's card "initiate", a small JSON POST. */
export const API_PATH = '/products/payments/v1/card/initiate';

const BODY = JSON.stringify({
  merchantReference: 'bench-0001',
  amount: 100,
  currencyCode: 'ZAR',
});

/** The URL and init of one API call against `baseUrl` (a fresh init per call). */
export function apiRequest(baseUrl: string): [string, RequestInit] {
  return [
    baseUrl + API_PATH,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY },
  ];
}

/** Send one API call with `fetchFn` and read the body; resolve the status (0 when it threw). */
export async function callApi(
  fetchFn: (input: string, init: RequestInit) => Promise<Response>,
  baseUrl: string,
): Promise<number> {
  const [url, init] = apiRequest(baseUrl);
  try {
    const res = await fetchFn(url, init);
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}
