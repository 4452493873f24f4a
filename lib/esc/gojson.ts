// The bits of Go's encoding/json and encoding/base64 whose exact output or error text is visible
// in evaluation results: json.Marshal (sorted keys by byte order, HTML escaping, numbers as
// literal text), a json.Decoder that keeps numbers as text and reads only the first value, and
// base64.StdEncoding.DecodeString with Go's error offsets.
import { utf8Encode } from "./bytes";
import { GoNumber } from "./number";
import { sortBytes, type JSONValue } from "./schema/schema";

export function goMarshal(v: JSONValue): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof GoNumber) return v.text;
  if (typeof v === "string") return goJSONString(v);
  if (Array.isArray(v)) return `[${v.map(goMarshal).join(",")}]`;
  return `{${sortBytes(Object.keys(v))
    .map((k) => `${goJSONString(k)}:${goMarshal(v[k])}`)
    .join(",")}}`;
}

function goJSONString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (cp < 0x20 || ch === "<" || ch === ">" || ch === "&" || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, "0")}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}

export class GoJSONError extends Error {}

/** Go allows 10000; we stop earlier so the recursive decoder and the value tree stay far from the stack limit. */
const MAX_JSON_DEPTH = 1000;

/** Decodes the first JSON value in `s` (like json.Decoder.Decode with UseNumber). */
export function goDecodeJSON(s: string): JSONValue {
  let i = 0;
  const ws = () => {
    while (i < s.length && (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r")) i++;
  };
  const charDesc = (c: string) => (c === "'" ? "'\\''" : c === '"' ? "'\"'" : `'${c}'`);
  const fail = (context: string): never => {
    if (i >= s.length) throw new GoJSONError("unexpected EOF");
    throw new GoJSONError(`invalid character ${charDesc(s[i])} ${context}`);
  };
  let depth = 0;
  const value = (): JSONValue => {
    ws();
    if (i >= s.length) throw new GoJSONError(depth === 0 ? "EOF" : "unexpected EOF");
    const c = s[i];
    if (c === "{") {
      if (++depth > MAX_JSON_DEPTH) throw new GoJSONError("exceeded max depth");
      i++;
      const obj: { [k: string]: JSONValue } = {};
      ws();
      if (s[i] === "}") {
        i++;
        depth--;
        return obj;
      }
      for (;;) {
        ws();
        if (s[i] !== '"') fail("looking for beginning of object key string");
        const k = str();
        ws();
        if (s[i] !== ":") fail("after object key");
        i++;
        obj[k] = value();
        ws();
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s[i] === "}") {
          i++;
          depth--;
          return obj;
        }
        fail("after object key:value pair");
      }
    }
    if (c === "[") {
      if (++depth > MAX_JSON_DEPTH) throw new GoJSONError("exceeded max depth");
      i++;
      const arr: JSONValue[] = [];
      ws();
      if (s[i] === "]") {
        i++;
        depth--;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (s[i] === ",") {
          i++;
          continue;
        }
        if (s[i] === "]") {
          i++;
          depth--;
          return arr;
        }
        fail("after array element");
      }
    }
    if (c === '"') return str();
    if (c === "-" || (c >= "0" && c <= "9")) {
      const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(s.slice(i));
      if (!m) {
        i++;
        fail("in numeric literal");
      }
      i += m![0].length;
      return new GoNumber(m![0]);
    }
    for (const [lit, v] of [
      ["true", true],
      ["false", false],
      ["null", null],
    ] as const) {
      if (s.startsWith(lit, i)) {
        i += lit.length;
        return v;
      }
      if (c === lit[0]) {
        let j = 0;
        while (i < s.length && s[i] === lit[j]) {
          i++;
          j++;
        }
        fail(`in literal ${lit} (expecting '${lit[j]}')`);
      }
    }
    return fail("looking for beginning of value");
  };
  const str = (): string => {
    i++;
    let out = "";
    for (;;) {
      if (i >= s.length) throw new GoJSONError("unexpected EOF");
      const c = s[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === "\\") {
        const e = s[i + 1];
        const map: { [k: string]: string } = {
          '"': '"',
          "\\": "\\",
          "/": "/",
          b: "\b",
          f: "\f",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        if (e !== undefined && e in map) {
          out += map[e];
          i += 2;
          continue;
        }
        if (e === "u" && /^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(s.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        i++;
        fail("in string escape code");
      }
      if (c.charCodeAt(0) < 0x20) fail("in string literal");
      out += c;
      i++;
    }
  };
  return value();
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** base64.StdEncoding.DecodeString; throws with Go's "illegal base64 data at input byte N". */
export function goDecodeBase64(s: string): Uint8Array {
  const bytes = utf8Encode(s);
  const out: number[] = [];
  let quad: number[] = [];
  let i = 0;
  const illegal = (n: number): never => {
    throw new GoJSONError(`illegal base64 data at input byte ${n}`);
  };
  while (i < bytes.length) {
    const c = bytes[i];
    if (c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    if (c === 0x3d) {
      // Padding: valid only as the 3rd/4th character of a quad, then only newlines may follow.
      const have = quad.length;
      if (have < 2) illegal(i);
      let j = i + 1;
      if (have === 2) {
        while (j < bytes.length && (bytes[j] === 0x0a || bytes[j] === 0x0d)) j++;
        if (j >= bytes.length || bytes[j] !== 0x3d) illegal(j >= bytes.length ? bytes.length : j);
        j++;
      }
      while (j < bytes.length && (bytes[j] === 0x0a || bytes[j] === 0x0d)) j++;
      if (j < bytes.length) illegal(j);
      const v = quad.concat([0, 0, 0, 0]).slice(0, 4);
      const n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
      out.push((n >> 16) & 0xff);
      if (have === 3) out.push((n >> 8) & 0xff);
      quad = [];
      return Uint8Array.from(out);
    }
    const d = B64.indexOf(String.fromCharCode(c));
    if (d < 0) illegal(i);
    quad.push(d);
    if (quad.length === 4) {
      const n = (quad[0] << 18) | (quad[1] << 12) | (quad[2] << 6) | quad[3];
      out.push((n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
      quad = [];
    }
    i++;
  }
  if (quad.length > 0) illegal(bytes.length - quad.length);
  return Uint8Array.from(out);
}

/** Go strings.Split. */
export function goSplit(s: string, sep: string): string[] {
  if (sep === "") return [...s];
  return s.split(sep);
}
