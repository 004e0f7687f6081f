import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { HttpService } from '@nestjs/axios';
import type { Response } from 'express';
import { firstValueFrom } from 'rxjs';
import {
  InjectAdumoFetch,
  InjectAdumoHttp,
  TokenManager,
  type FetchLike,
} from '@adumo-oauth/nestjs';
import {
  axiosCardApi,
  checkoutStatus,
  payByCard,
  runCardFlow,
  type CardFlowResult,
} from '../support/card-flow';
import { summariseToken, type TokenSummary } from '../support/token-info';

/**
 * The example controller. Every constructor parameter names its injection token (`@Inject…`), so
 * the app works whether or not the build emits decorator metadata (tsdown's does not).
 */
@Controller()
export class PaymentsController {
  constructor(
    @InjectAdumoFetch() private readonly adumoFetch: FetchLike,
    @InjectAdumoHttp() private readonly adumoHttp: HttpService,
    @Inject(TokenManager) private readonly tokens: TokenManager,
  ) {}

  /** Pay: initiate → authorise → settle through the authorized fetch (200, 422 or 502). */
  @Post('checkout')
  @HttpCode(200)
  async checkout(
    @Body() body: { merchantReference?: string },
    @Res({ passthrough: true }) res: Response,
  ): Promise<CardFlowResult> {
    const payment = await runCardFlow(this.adumoFetch, body.merchantReference ?? 'nest');
    res.status(checkoutStatus(payment));
    return payment;
  }

  /**
   * The same payment through the Adumo `HttpService` (axios, `baseURL` = the Adumo host, so the
   * paths are relative); it shares the module's `TokenManager` with the fetch.
   */
  @Post('checkout/http')
  @HttpCode(200)
  async checkoutWithHttpService(
    @Body() body: { merchantReference?: string },
    @Res({ passthrough: true }) res: Response,
  ): Promise<CardFlowResult> {
    const api = axiosCardApi((path, data) => firstValueFrom(this.adumoHttp.post(path, data)));
    const payment = await payByCard(api, body.merchantReference ?? 'nest-http');
    res.status(checkoutStatus(payment));
    return payment;
  }

  /** The current token, described without its value (never return or log `token.value`). */
  @Get('token-info')
  async tokenInfo(): Promise<TokenSummary> {
    return summariseToken(await this.tokens.getToken());
  }
}
