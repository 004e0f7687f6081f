import { describe, expect, it } from 'vitest';
import { TokenManager } from '../src';
import { createAdumoHttpService, type PeerImporter } from '../src/adumo-oauth.http';

const tokens = new TokenManager({
  baseUrl: 'https://apiv3.adumoonline.com',
  clientId: 'id',
  clientSecret: 'secret',
});
const notFound = (specifier: string) =>
  Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });

/** Loads the real packages, except those in `absent` (as Node reports a missing package). */
const without =
  (...absent: string[]): PeerImporter =>
  (specifier) =>
    absent.includes(specifier) ? Promise.reject(notFound(specifier)) : import(specifier);

describe('the optional peers of the Adumo HttpService', () => {
  it('names every missing package and how to install it', async () => {
    await expect(
      createAdumoHttpService(tokens, {}, 'AdumoOAuthModule', without('@nestjs/axios', 'axios')),
    ).rejects.toThrow(
      'AdumoOAuthModule: http: true needs the optional peer dependencies @nestjs/axios, axios; ' +
        'install them: npm install @nestjs/axios axios',
    );
    await expect(
      createAdumoHttpService(tokens, {}, 'AdumoOAuthModule "b"', without('@adumo-oauth/axios')),
    ).rejects.toThrow(
      /"b": http: true needs the optional peer dependency @adumo-oauth\/axios; install it: npm install @adumo-oauth\/axios$/,
    );
  });

  it('names the peer a present package needs when that one is missing', async () => {
    const importer: PeerImporter = (specifier) =>
      specifier === '@nestjs/axios' || specifier === 'axios'
        ? Promise.reject(notFound('axios'))
        : import(specifier);
    await expect(createAdumoHttpService(tokens, {}, 'AdumoOAuthModule', importer)).rejects.toThrow(
      /needs the optional peer dependency axios; install it: npm install axios$/,
    );
  });

  it('rethrows any other loading error as it is', async () => {
    const broken = new SyntaxError('broken package');
    await expect(
      createAdumoHttpService(tokens, {}, 'AdumoOAuthModule', () => Promise.reject(broken)),
    ).rejects.toBe(broken);
  });

  it('builds an HttpService when all are there', async () => {
    const { HttpService } = await import('@nestjs/axios');
    const http = await createAdumoHttpService(tokens, {}, 'AdumoOAuthModule');
    expect(http).toBeInstanceOf(HttpService);
    expect((http as InstanceType<typeof HttpService>).axiosRef.defaults.baseURL).toBe(
      'https://apiv3.adumoonline.com',
    );
  });
});
