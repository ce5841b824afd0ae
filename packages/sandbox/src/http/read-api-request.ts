/**
 * An API request as the sandbox reads it: where it went, its parameters (query, then form body
 * fields, which win) and its access token.
 *
 * @example
 * ```ts
 * const { service, params }: ApiRequest = await readApiRequest(request);
 * ```
 */
export interface ApiRequest {
  readonly method: string;
  /** The service path, without a trailing slash, e.g. `/v2/measure`. */
  readonly service: string;
  readonly params: URLSearchParams;
  /** From `Authorization: Bearer …`, else the `access_token` parameter (GET clients use it). */
  readonly accessToken: string | undefined;
  readonly signal: AbortSignal;
}

/**
 * Reads a Withings API request. Form-encoded bodies are read; other bodies (JSON, whose support
 * by the real cloud is unconfirmed) are ignored, so their parameters count as missing.
 *
 * @example
 * ```ts
 * const req = await readApiRequest(new Request("http://sandbox/measure?action=getmeas&access_token=t"));
 * req.params.get("action"); // "getmeas"
 * req.accessToken; // "t"
 * ```
 */
export async function readApiRequest(
  request: Request,
  url = new URL(request.url),
): Promise<ApiRequest> {
  const params = new URLSearchParams(url.search);
  if (request.method === "POST" || request.method === "PUT") {
    const type = request.headers.get("content-type") ?? "";
    if (type === "" || type.startsWith("application/x-www-form-urlencoded")) {
      for (const [name, value] of new URLSearchParams(await request.text()))
        params.set(name, value);
    }
  }
  const authorization = request.headers.get("authorization");
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const accessToken = bearer ?? (params.get("access_token") || undefined);
  return {
    method: request.method,
    service: url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname,
    params,
    accessToken,
    signal: request.signal,
  };
}
