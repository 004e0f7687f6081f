import 'reflect-metadata';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpModule, HttpService } from '@nestjs/axios';
import { Controller, Get, Injectable, Module, Post } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import axios, { type AxiosError } from 'axios';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT } from '@adumo-oauth/mock-server';
import { ADUMO_HTTP, AdumoOAuthModule, getAdumoHttpToken, InjectAdumoHttp } from '../src';
import { issuedByClient, managerOptions, MERCHANT_B, mockPerFile } from './support';

const mock = mockPerFile();
const INITIATE = '/products/payments/v1/card/initiate';
const payment = { amount: 1500, merchantReference: 'order-1' };

/** Another origin that records the headers it receives. */
let other: { url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> };
beforeAll(async () => {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  other = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
});
afterAll(() => other.close());

const statusOf = (error: unknown) => (error as AxiosError).response?.status;

@Controller()
class PaymentsController {
  constructor(
    @InjectAdumoHttp() private readonly adumoHttp: HttpService,
    private readonly plainHttp: HttpService,
  ) {}

  @Post('pay')
  async pay() {
    const res = await firstValueFrom(this.adumoHttp.post(INITIATE, payment));
    return { status: res.status };
  }

  @Get('plain')
  async plain() {
    const url = `${mock.baseUrl}${INITIATE}`;
    return firstValueFrom(this.plainHttp.post(url, payment)).then(
      (res) => ({ status: res.status }),
      (error: unknown) => ({ status: statusOf(error) }),
    );
  }
}

describe('the Adumo HttpService next to a plain HttpModule, in a real Nest app', () => {
  it('the Adumo one carries the token; the plain one never does', async () => {
    @Module({
      imports: [AdumoOAuthModule.forRoot({ ...managerOptions(mock), http: true }), HttpModule],
      controllers: [PaymentsController],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    try {
      const url = await app.getUrl();
      const paid = (await (await fetch(`${url}/pay`, { method: 'POST' })).json()) as object;
      const plain = (await (await fetch(`${url}/plain`)).json()) as object;
      expect(paid).toEqual({ status: 200 });
      expect(plain).toEqual({ status: 401 });
      expect(mock.stats.snapshot()).toMatchObject({
        tokenRequests: 1,
        apiCallsByStatus: { 200: 1, 401: 1 },
      });

      const adumoHttp = app.get<HttpService>(ADUMO_HTTP);
      const plainHttp = app.get(HttpService);
      expect(adumoHttp).toBeInstanceOf(HttpService);
      expect(adumoHttp).not.toBe(plainHttp);
      expect(adumoHttp.axiosRef).not.toBe(axios);
      expect(adumoHttp.axiosRef.defaults.baseURL).toBe(mock.baseUrl);
      // The plain HttpModule is built on axios's global default, which stays untouched.
      expect(axios.interceptors.request).toMatchObject({ handlers: [] });

      // Another origin through either service: no token.
      await firstValueFrom(adumoHttp.get(`${other.url}/hook`));
      await firstValueFrom(plainHttp.get(`${other.url}/hook`));
      expect(other.seen.slice(-2).map((h) => h.authorization)).toEqual([undefined, undefined]);
    } finally {
      await app.close();
    }
  });

  it('50 concurrent requests through the Adumo HttpService → 1 token request', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AdumoOAuthModule.forRoot({ ...managerOptions(mock), http: true })],
    }).compile();
    try {
      const http = moduleRef.get<HttpService>(getAdumoHttpToken());
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => firstValueFrom(http.post(INITIATE, payment))),
      );
      expect(answers.filter((r) => r.status === 200)).toHaveLength(50);
      expect(mock.stats.snapshot()).toMatchObject({ tokenRequests: 1, apiCalls: 50 });
    } finally {
      await moduleRef.close();
    }
  });

  it('a revoked token → exactly one resend → 200', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AdumoOAuthModule.forRoot({ ...managerOptions(mock), http: true })],
    }).compile();
    try {
      const http = moduleRef.get<HttpService>(ADUMO_HTTP);
      await firstValueFrom(http.post(INITIATE, payment));
      mock.faults.revokeAll();
      expect((await firstValueFrom(http.post(INITIATE, payment))).status).toBe(200);
      expect(mock.stats.snapshot()).toMatchObject({
        tokenRequests: 2,
        apiCallsByStatus: { 200: 2, 401: 1 },
      });
    } finally {
      await moduleRef.close();
    }
  });
});

@Injectable()
class TwoMerchants {
  constructor(
    @InjectAdumoHttp() readonly defaultHttp: HttpService,
    @InjectAdumoHttp('merchant-b') readonly merchantBHttp: HttpService,
  ) {}
}

describe('forRootAsync and named registrations', () => {
  it('each registration’s HttpService carries its own token', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ base: mock.baseUrl })] }),
        AdumoOAuthModule.forRootAsync({
          http: true,
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            ...managerOptions(mock),
            baseUrl: config.getOrThrow<string>('base'),
          }),
        }),
        AdumoOAuthModule.forRoot({
          ...managerOptions(mock, MERCHANT_B),
          name: 'merchant-b',
          http: true,
        }),
      ],
      providers: [TwoMerchants],
    }).compile();
    try {
      const users = moduleRef.get(TwoMerchants);
      expect(users.defaultHttp).not.toBe(users.merchantBHttp);
      await firstValueFrom(users.defaultHttp.post(INITIATE, payment));
      await firstValueFrom(users.merchantBHttp.post(INITIATE, payment));
      await firstValueFrom(users.merchantBHttp.post(INITIATE, payment));
      expect(issuedByClient(mock)).toEqual({
        [DEFAULT_CLIENT.clientId]: 1,
        [MERCHANT_B.clientId]: 1,
      });
      expect(mock.stats.snapshot().apiCallsByStatus).toEqual({ 200: 3 });
    } finally {
      await moduleRef.close();
    }
  });

  it('without http: true there is no HttpService provider', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AdumoOAuthModule.forRoot(managerOptions(mock))],
    }).compile();
    try {
      expect(() => moduleRef.get<HttpService>(ADUMO_HTTP)).toThrow(/could not find/);
    } finally {
      await moduleRef.close();
    }
  });
});
