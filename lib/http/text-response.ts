// A Response whose body is a string the server can write as it is. Reading a body back through
// its stream (as any Response allows) costs a handful of promise turns and two copies per request;
// lib/http/node-bridge.ts writes the string instead, when nothing has read the stream.
const TEXT = Symbol.for("esc.http.textBody");

type WithText = Response & { [TEXT]?: string };

export function textResponse(text: string, init: ResponseInit): Response {
  const response: WithText = new Response(text, init);
  response[TEXT] = text;
  return response;
}

/** The string `response` was made from (textResponse), unless its stream has been read. */
export function unreadTextBody(response: Response): string | undefined {
  return response.bodyUsed ? undefined : (response as WithText)[TEXT];
}
