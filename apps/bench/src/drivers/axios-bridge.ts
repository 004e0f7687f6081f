import { isAxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import type { FetchLike } from './types';

/**
 * Send the scenarios' fetch-shaped API calls through an axios instance (its interceptors and all)
 * and hand back a `Response`, so axios-based drivers run the same scenarios. An HTTP error that
 * reaches the caller (axios rejects it) becomes a `Response` with its status, like `fetch`.
 */
export function axiosAsFetch(instance: AxiosInstance): FetchLike {
  return async (input, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers));
    try {
      const res = await instance.request<ArrayBuffer>({
        url: input instanceof Request ? input.url : input.toString(),
        method: init?.method ?? 'GET',
        headers,
        data: init?.body,
        responseType: 'arraybuffer',
      });
      return toResponse(res);
    } catch (error) {
      if (isAxiosError<ArrayBuffer>(error) && error.response !== undefined) {
        return toResponse(error.response);
      }
      throw error;
    }
  };
}

function toResponse(res: AxiosResponse<ArrayBuffer>): Response {
  return new Response(res.data, { status: res.status });
}
