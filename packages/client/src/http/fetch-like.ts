/**
 * The one transport seam: anything that turns a `Request` into a `Response`. The global
 * `fetch` fits, and so does the sandbox's in-process handler.
 *
 * @example
 * ```ts
 * const logged: FetchLike = async (req) => { console.log(req.method, new URL(req.url).pathname); return fetch(req); };
 * ```
 */
export type FetchLike = (request: Request) => Promise<Response>;
