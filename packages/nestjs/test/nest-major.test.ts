import { describe, expect, it } from 'vitest';
import { ModuleRef } from '@nestjs/core';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';

/**
 * Each vitest project (`nest11`, `nest12`, see vitest.config.ts) must really load its Nest major:
 * the version is read from the package.json next to the file the `@nestjs/*` imports resolved to.
 */
const expected = process.env['EXPECTED_NEST_MAJOR'];

async function majorOf(name: string, exported: object): Promise<string> {
  const { default: pkg } = (await import(`@nestjs/${name}/package.json`, {
    with: { type: 'json' },
  })) as { default: { version: string } };
  expect(typeof exported).toBe('function');
  return pkg.version.split('.')[0]!;
}

describe('Nest major under test', () => {
  it('is the one this vitest project names, for @nestjs/common and @nestjs/core', async () => {
    expect(expected).toMatch(/^1[12]$/);
    expect(await majorOf('common', Injectable)).toBe(expected);
    expect(await majorOf('core', ModuleRef)).toBe(expected);
  });

  it('comes with @nestjs/terminus of the same major (11 with Nest 11, 12 with Nest 12)', async () => {
    expect(await majorOf('terminus', HealthIndicatorService)).toBe(expected);
  });
});
