/** The method and redacted URL of the request a response answers (a rebuilt Response has no `url`). */
export interface RequestInfo {
  method: string;
  url: string;
}

const info = new WeakMap<Response, RequestInfo>();

export function rememberRequest(response: Response, request: RequestInfo): Response {
  info.set(response, request);
  return response;
}

export function requestOf(response: Response): RequestInfo | undefined {
  return info.get(response);
}
