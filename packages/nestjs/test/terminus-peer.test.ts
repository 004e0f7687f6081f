import { describe, expect, it } from 'vitest';
import { HealthIndicatorService } from '@nestjs/terminus';
import { loadHealthIndicatorService } from '../src/terminus-peer';

const notFound = (code: string, specifier: string) =>
  Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/x.js`), { code });

describe('the optional peer @nestjs/terminus', () => {
  it('says what to install when it is missing (ESM and CommonJS errors)', async () => {
    for (const code of ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']) {
      await expect(
        loadHealthIndicatorService('AdumoOAuthHealthIndicator', () =>
          Promise.reject(notFound(code, '@nestjs/terminus')),
        ),
      ).rejects.toThrow(
        'AdumoOAuthHealthIndicator needs the optional peer dependency @nestjs/terminus (11 or later); ' +
          'install it: npm install @nestjs/terminus',
      );
    }
  });

  it('rethrows any other loading error as it is (also a package terminus itself misses)', async () => {
    const broken = new SyntaxError('broken package');
    await expect(loadHealthIndicatorService('X', () => Promise.reject(broken))).rejects.toBe(
      broken,
    );
    const other = notFound('ERR_MODULE_NOT_FOUND', '@nestjs/axios');
    await expect(loadHealthIndicatorService('X', () => Promise.reject(other))).rejects.toBe(other);
  });

  it('refuses a Terminus without HealthIndicatorService (older than 11)', async () => {
    await expect(loadHealthIndicatorService('X', () => Promise.resolve({}))).rejects.toThrow(
      'X: @nestjs/terminus has no HealthIndicatorService (it needs @nestjs/terminus 11 or later)',
    );
  });

  it('loads the installed one, also through a default export (CommonJS namespace)', async () => {
    await expect(loadHealthIndicatorService('X')).resolves.toBe(HealthIndicatorService);
    await expect(
      loadHealthIndicatorService('X', () =>
        Promise.resolve({ default: { HealthIndicatorService } }),
      ),
    ).resolves.toBe(HealthIndicatorService);
  });
});
