/**
 * Issue 12, attacks 1–3 and 6: hostile token endpoints echo the canary secret (and tokens) in
 * every encoding into every part of their answer; nothing the manager produces may hold any
 * encoded form of it, whole or in part (12-character windows).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CANARY, CLIENT_ID, forms, formEncode, needles, sweep } from './forms';
import { against, answer, expectAttacked, type Hostile } from './hostile-server';

const SECRET_NEEDLES = needles(CANARY, CLIENT_ID);
const servers: Hostile[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const printable = (text: string): boolean => /^[\x20-\x7e]*$/.test(text);

describe('adversarial: the secret echoed in every encoding', () => {
  const all = [...forms(CANARY, CLIENT_ID)];

  it('the forms helper produces the forms the issue names', () => {
    const f = forms(CANARY, CLIENT_ID);
    expect(f.get('secret html named')).toContain('Head&amp;#+%');
    expect(f.get('secret java URLEncoder')).toContain('Head%26%23%2B%25+%C3%A9');
    expect(forms("a*~!'()b", 'x').get('secret java URLEncoder')).toBe('a%2A%7E%21%27%28%29b');
    expect(f.get('secret json unicode')).toMatch(/^(\\u[0-9a-f]{4})+$/);
    expect(f.get('pair base64 +0')).toBe(Buffer.from(`${CLIENT_ID}:${CANARY}`).toString('base64'));
    // The sweep finds a form and a partial (12-character) leak of it.
    expect(sweep([{ where: 'x', text: `…${CANARY.slice(3, 16)}…` }], SECRET_NEEDLES)).toHaveLength(
      1,
    );
    expect(
      sweep([{ where: 'x', text: `…${f.get('secret html hex')!.slice(8, 90)}…` }], SECRET_NEEDLES),
    ).toHaveLength(1);
    // The client id alone, in any form, is not a leak.
    expect(
      sweep(
        [
          {
            where: 'x',
            text: `${CLIENT_ID}: \\u0061\\u0064\\u0076 ${Buffer.from(CLIENT_ID).toString('base64')}`,
          },
        ],
        SECRET_NEEDLES,
      ),
    ).toEqual([]);
  });

  it.each(all)(
    '%s in error_description, message, WWW-Authenticate and a header of a 401',
    async (_name, form) => {
      const r = await against(servers, (_req, res) =>
        answer(
          res,
          401,
          JSON.stringify({
            error: 'invalid_client',
            error_description: `Bad client credentials for secret ${form}`,
            message: form,
          }),
          printable(form)
            ? {
                'www-authenticate': `Form realm="oauth2/client", error="invalid_client", error_description="${form}"`,
                'x-echo': form,
              }
            : {},
        ),
      );
      expectAttacked(r);
      expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
    },
  );

  it.each(all)('%s in the body of a 502 HTML page', async (_name, form) => {
    const r = await against(servers, (_req, res) =>
      answer(
        res,
        502,
        `<html><body><h1>502</h1><p>upstream said: ${form}</p><pre>${form}</pre></body></html>`,
        {
          'content-type': 'text/html',
        },
      ),
    );
    expectAttacked(r);
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });

  it('decodeURIComponent(url) echoed into error_description and message (partial leak after the first separator)', async () => {
    const r = await against(servers, (req, res) => {
      const decoded = decodeURIComponent(req.url);
      expect(decoded).toContain(CANARY.replace(' ', '+')); // `+` is a form-encoded space
      answer(
        res,
        401,
        JSON.stringify({
          error: 'invalid_client',
          error_description: `rejected ${decoded}`,
          message: decoded,
        }),
      );
    });
    expectAttacked(r);
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });

  it("clientAuth 'basic': the Authorization header (base64 of the form-encoded id:secret) echoed everywhere", async () => {
    const r = await against(
      servers,
      (req, res) => {
        const auth = req.req.headers.authorization ?? '';
        expect(auth).toMatch(/^Basic /);
        const b64 = auth.slice(6);
        const raw = Buffer.from(b64, 'base64').toString('utf8');
        answer(
          res,
          401,
          JSON.stringify({
            error: 'invalid_client',
            error_description: `Bad client credentials: ${b64} (${raw})`,
            message: auth,
          }),
          {
            'www-authenticate': `Basic realm="oauth2/client", credentials="${b64}"`,
            'x-auth': auth,
          },
        );
      },
      { clientAuth: 'basic' },
    );
    expectAttacked(r);
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });

  it("clientAuth 'body': the received form body echoed into error_description and the body", async () => {
    const r = await against(
      servers,
      (req, res) => {
        expect(req.body).toContain(`client_secret=${formEncode(CANARY)}`);
        answer(
          res,
          400,
          JSON.stringify({ error: 'invalid_request', error_description: `bad body: ${req.body}` }),
        );
      },
      { clientAuth: 'body' },
    );
    expectAttacked(r);
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });

  it('a redirect whose Location, content-location, x-request-url and www-authenticate carry the query string', async () => {
    const r = await against(servers, (req, res) => {
      const url = `http://127.0.0.1:1${req.url}`;
      answer(res, 302, `<a href="${url}">moved</a> ${decodeURIComponent(req.url)}`, {
        'content-type': 'text/html',
        location: url,
        'content-location': req.url,
        'x-request-url': url,
        'www-authenticate': `Bearer realm="${req.url}"`,
      });
    });
    expect(r.seen[0]).toBe(CANARY);
    expect((r.outcome as { code?: unknown }).code).toBeDefined();
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });

  it('an XML error body (Accept ignored) echoing the request', async () => {
    const r = await against(servers, (req, res) =>
      answer(
        res,
        401,
        `<?xml version="1.0"?><oauth><error_description>Bad client credentials for ${req.url.replace(/&/g, '&amp;')} ${decodeURIComponent(req.url).replace(/&/g, '&amp;')}</error_description><error>invalid_client</error></oauth>`,
        { 'content-type': 'application/xml' },
      ),
    );
    expectAttacked(r);
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });

  it('a 200 XML body (not a token) echoing the secret', async () => {
    const r = await against(servers, (req, res) =>
      answer(
        res,
        200,
        `<token><client_secret>${decodeURIComponent(req.url)}</client_secret></token>`,
        {
          'content-type': 'application/xml',
        },
      ),
    );
    expectAttacked(r, 'invalid_response');
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });

  it('the HTTP reason phrase (statusText) carries the percent-encoded secret', async () => {
    const r = await against(servers, (req, res) => {
      res.statusMessage = `Denied ${req.url}`;
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('denied');
    });
    expectAttacked(r);
    expect(sweep(r.produced, SECRET_NEEDLES)).toEqual([]);
  });
});
