import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ConfigModule, ConfigService, registerAs } from '@nestjs/config';
import { AdumoOAuthExceptionFilter, AdumoOAuthModule } from '@adumo-oauth/nestjs';
import { PaymentsController } from './payments.controller';

/** The `adumo` configuration namespace (`adumo.baseUrl`, …) the app reads through `ConfigService`. */
export interface AdumoSettings {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * The example app module: `ConfigModule` holds the settings, `AdumoOAuthModule.forRootAsync`
 * builds the `TokenManager`, the authorized fetch and (`http: true`) an Adumo `HttpService` from
 * `ConfigService`. In your app, `ConfigModule.forRoot()` would read them from the environment or
 * a `.env` file instead.
 */
@Module({})
export class AppModule {
  /** The module with these settings loaded as the `adumo` namespace. */
  static register(settings: AdumoSettings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ ignoreEnvFile: true, load: [registerAs('adumo', () => settings)] }),
        AdumoOAuthModule.forRootAsync({
          http: true, // also an HttpService (@nestjs/axios) for @InjectAdumoHttp()
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            baseUrl: config.getOrThrow<string>('adumo.baseUrl'),
            clientId: config.getOrThrow<string>('adumo.clientId'),
            clientSecret: config.getOrThrow<string>('adumo.clientSecret'),
          }),
        }),
      ],
      controllers: [PaymentsController],
      providers: [{ provide: APP_FILTER, useClass: AdumoOAuthExceptionFilter }],
    };
  }
}
