// What stands in for a value that is not shown: a secret nobody asked to reveal, or a value only
// known once the environment is opened. The CLI prints these (`esc env get`, `run` without -i)
// and the console's JSON, YAML and dotenv views show the same words.
export const SECRET_MASK = "[secret]";
export const UNKNOWN_MASK = "[unknown]";
