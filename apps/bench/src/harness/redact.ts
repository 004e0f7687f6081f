import { DEFAULT_CLIENT } from '@adumo-oauth/mock-server';

const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;

/** Remove the client secret and anything shaped like a JWT from a message before it is printed. */
export function redact(message: string): string {
  return message.split(DEFAULT_CLIENT.clientSecret).join('***').replace(JWT, '<token>');
}
