import { DEFAULT_CLIENT, merchantSecret } from '@adumo-oauth/mock-server';

const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;
/** The generated merchants' secrets (`merchantSecret(id)`: a fixed prefix, then the id). */
const MERCHANT_SECRET = new RegExp(`${merchantSecret('')}[\\w.~-]+`, 'g');

/**
 * Remove the client secrets (the default client's and the generated merchants') and anything
 * shaped like a JWT from a message before it is printed.
 */
export function redact(message: string): string {
  return message
    .split(DEFAULT_CLIENT.clientSecret)
    .join('***')
    .replace(MERCHANT_SECRET, '***')
    .replace(JWT, '<token>');
}
