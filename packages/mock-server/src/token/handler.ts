import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay, type MockContext } from '../context';
import { readBody } from '../http/io';
import { claimedClientId, findCredentials, tokenParams } from './credentials';
import { mintToken } from './mint';
import { sendBroken, type BrokenKind } from './respond-broken';
import {
  rejectionOutcome,
  rejectionStatus,
  sendInjectedFailure,
  sendRejection,
} from './respond-error';
import { sendTokenSuccess } from './respond-success';
import { decide } from './validate';

/** Handle `/oauth/token`: injected faults first, then Spring's checks, then a new token. */
export async function handleToken(
  ctx: MockContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  ctx.stats.tokenRequest();
  const body = await readBody(req);
  const params = tokenParams(req, body);
  const credentials = findCredentials(req, params);
  const clientId = claimedClientId(credentials);

  const fault = ctx.faults.takeTransportFault();
  if (fault) {
    if (!(fault.type === 'kind' && fault.kind === 'hang')) {
      await delay(ctx.faults.delayFor('token'), ctx.closing);
    }
    if (fault.type === 'status') {
      sendInjectedFailure(req, res, fault.status, fault.retryAfterSeconds);
      ctx.stats.tokenOutcome(clientId, `fault:http-${fault.status}`, fault.status);
      return;
    }
    const status = sendBroken(res, fault.kind as BrokenKind);
    ctx.stats.tokenOutcome(clientId, `fault:${fault.kind}`, status);
    return;
  }

  const decision = decide(req, params, credentials, ctx.clients);
  if (!decision.ok) {
    await delay(ctx.faults.delayFor('token'), ctx.closing);
    sendRejection(req, res, decision.error, ctx.now());
    const status = rejectionStatus(decision.error);
    ctx.stats.tokenOutcome(clientId, rejectionOutcome(decision.error), status);
    return;
  }

  const token = mintToken(ctx, decision.client, decision.scope);
  const shape = ctx.faults.takeBodyFault();
  await delay(ctx.faults.delayFor('token'), ctx.closing);
  sendTokenSuccess(req, res, token, ctx.now(), shape);
  ctx.stats.tokenOutcome(decision.client.clientId, shape ? `fault:${shape}` : 'issued', 200);
}
