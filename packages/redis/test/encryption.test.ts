import { afterAll, expect, it } from 'vitest';
import type { InvalidValueReason } from '../src/index';
import { Clients } from './helpers/clients';
import { describeWithRedis } from './helpers/redis-suite';
import type { TestRedis } from './helpers/redis-server';
import { makeKey, makeToken, uniqueKey } from './helpers/tokens';

await describeWithRedis('RedisTokenStore encryption at rest', (redis: TestRedis) => {
  const clients = new Clients(() => redis);
  afterAll(async () => {
    await clients.closeAll();
    await redis.close();
  });

  async function pair(readerKey: Parameters<Clients['store']>[0] = {}) {
    const prefix = `enc${Math.random().toString(36).slice(2, 10)}:`;
    const secret = makeKey();
    const writer = await clients.store({ prefix, encryptionKey: secret });
    const reader = await clients.store({ prefix, encryptionKey: secret, ...readerKey });
    const reasons: InvalidValueReason[] = [];
    reader.on('invalidValue', ({ reason }) => reasons.push(reason));
    return { writer, reader, reasons, secret, prefix };
  }

  it('round-trips through another instance and stores no readable token', async () => {
    const { writer, reader } = await pair();
    const key = uniqueKey();
    const token = makeToken();
    await writer.set(key, token);
    expect(writer.encrypted).toBe(true);
    expect(await reader.get(key)).toEqual(token);
    const raw = (await clients.raw().get(writer.keyOf(key)))!;
    expect(raw.startsWith('enc1:')).toBe(true);
    expect(raw).not.toContain(token.value);
    expect(raw).not.toContain(token.value.slice(4, 20));
    expect(raw).not.toContain('expiresAt');
  });

  it('uses a fresh IV for every value', async () => {
    const { writer } = await pair();
    const key = uniqueKey();
    const token = makeToken();
    const raw = clients.raw();
    await writer.set(key, token);
    const first = await raw.get(writer.keyOf(key));
    await writer.set(key, token);
    expect(await raw.get(writer.keyOf(key))).not.toBe(first);
  });

  it('accepts the key as hex and as base64 strings', async () => {
    const secret = makeKey();
    const prefix = `enc${Math.random().toString(36).slice(2, 10)}:`;
    const hex = await clients.store({ prefix, encryptionKey: secret.toString('hex') });
    const b64 = await clients.store({ prefix, encryptionKey: secret.toString('base64') });
    const key = uniqueKey();
    const token = makeToken();
    await hex.set(key, token);
    expect(await b64.get(key)).toEqual(token);
  });

  it('treats a tampered value as a miss', async () => {
    const { writer, reader, reasons } = await pair();
    const key = uniqueKey();
    await writer.set(key, makeToken());
    const raw = clients.raw();
    const value = (await raw.get(writer.keyOf(key)))!;
    const body = Buffer.from(value.slice(5), 'base64url');
    body[body.length - 1] = body[body.length - 1]! ^ 0x01;
    await raw.set(writer.keyOf(key), `enc1:${body.toString('base64url')}`);
    expect(await reader.get(key)).toBeUndefined();
    expect(reasons).toEqual(['decrypt-failed']);
  });

  it('treats a value moved to another key as a miss (the key is authenticated)', async () => {
    const { writer, reader, reasons } = await pair();
    const [from, to] = [uniqueKey(), uniqueKey()];
    await writer.set(from, makeToken());
    const raw = clients.raw();
    await raw.set(writer.keyOf(to), (await raw.get(writer.keyOf(from)))!);
    expect(await reader.get(to)).toBeUndefined();
    expect(reasons).toEqual(['decrypt-failed']);
  });

  it('treats values under another key, plaintext values and truncated values as misses', async () => {
    const { writer, reader, reasons } = await pair({ encryptionKey: makeKey() });
    const key = uniqueKey();
    await writer.set(key, makeToken());
    expect(await reader.get(key)).toBeUndefined();
    const plain = await clients.store({ prefix: writer.prefix });
    await plain.set(key, makeToken());
    expect(await reader.get(key)).toBeUndefined();
    await clients.raw().set(writer.keyOf(key), 'enc1:AAAA');
    expect(await reader.get(key)).toBeUndefined();
    expect(reasons).toEqual(['decrypt-failed', 'unencrypted', 'decrypt-failed']);
  });

  it('decrypts with any key of a rotation list and encrypts with the first', async () => {
    const oldKey = makeKey();
    const newKey = makeKey();
    const prefix = `enc${Math.random().toString(36).slice(2, 10)}:`;
    const before = await clients.store({ prefix, encryptionKey: oldKey });
    const during = await clients.store({ prefix, encryptionKey: [newKey, oldKey] });
    const after = await clients.store({ prefix, encryptionKey: newKey });
    const key = uniqueKey();
    const token = makeToken();
    await before.set(key, token);
    expect(await during.get(key)).toEqual(token);
    expect(await after.get(key)).toBeUndefined();
    await during.set(key, token);
    expect(await after.get(key)).toEqual(token);
  });

  it('works with the lock and compare-and-delete', async () => {
    const { writer, reader } = await pair();
    const key = uniqueKey();
    const token = makeToken();
    await writer.set(key, token);
    await reader.delete(key, 'some-other-token');
    expect(await reader.get(key)).toEqual(token);
    await reader.delete(key, token.value);
    expect(await writer.get(key)).toBeUndefined();
  });
});
