// How we write a string into YAML so that it reads back as the same string both in the `yaml`
// package and in gopkg.in/yaml.v3 (which types `1_000`, `0b1`, `True`… as non-strings).
// Plain when unambiguous, otherwise double-quoted with JSON escapes (a subset of YAML's).
import { resolvePlain } from "./syntax";

const PLAIN_SAFE = /^[A-Za-z0-9_/.+=^~$()<;\\][^\s#'"`]*$/u;
// Characters YAML does not allow raw (or reads as line breaks) inside a double-quoted scalar.
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

export function isPlainSafe(value: string, flow: boolean): boolean {
  return (
    PLAIN_SAFE.test(value) &&
    // `fn::secret`, `aws:region` and URLs stay plain; `: ` would start a mapping, and
    // digits with colons look like YAML 1.1 sexagesimal numbers.
    !/:(\s|$)/.test(value) &&
    !(/^[-+]?[0-9]/.test(value) && value.includes(":")) &&
    !value.endsWith("\\") &&
    !(flow && /[,[\]{}]/.test(value)) &&
    resolvePlain(value) === undefined &&
    !/^[-+]?\.?(inf|nan)$/i.test(value)
  );
}

export function doubleQuoted(value: string): string {
  return JSON.stringify(value).replace(NON_PRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function renderString(value: string, flow: boolean): string {
  return isPlainSafe(value, flow) ? value : doubleQuoted(value);
}
