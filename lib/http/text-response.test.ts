import { describe, expect, it } from "vitest";
import { textResponse, unreadTextBody } from "./text-response";

describe("textResponse", () => {
  it("is a Response whose text can be written without reading its stream", async () => {
    const res = textResponse("héllo", { status: 202, headers: { "Content-Type": "text/plain" } });
    expect(res.status).toBe(202);
    expect(unreadTextBody(res)).toBe("héllo");
    expect(await res.text()).toBe("héllo");
    // Once the stream was read, the server must not send the body a second time.
    expect(unreadTextBody(res)).toBeUndefined();
  });

  it("says nothing about other responses", () => {
    expect(unreadTextBody(new Response("x"))).toBeUndefined();
    expect(unreadTextBody(new Response(null))).toBeUndefined();
  });
});
