// The public contract between the evaluator and the code that hosts it (the service layer,
// providers, the console and the conformance harness). The evaluator's internals may change;
// these shapes are what the rest of the product builds on, so they change only deliberately.

/** Plain JSON as it appears in YAML documents and API bodies. */
export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

/** A 1-based line/column (in code points) and a 0-based byte offset, as the reference reports them. */
export interface Pos {
  line: number;
  column: number;
  byte: number;
}

export interface Range {
  environment?: string;
  begin: Pos;
  end: Pos;
}

export interface Trace {
  def: Range;
  base?: Value;
}

/**
 * An evaluated value (SEMANTICS.md §8.2). Objects and arrays hold Values, so secretness and
 * unknown-ness are tracked per leaf. `value` is absent for null and for most unknowns.
 */
export interface Value {
  value?: null | boolean | number | string | Value[] | { [key: string]: Value };
  secret?: boolean;
  unknown?: boolean;
  trace: Trace;
}

/** JSON-Schema-like schema as serialised by the reference (SEMANTICS.md §8.6). */
export type Schema = boolean | { type: string; [key: string]: unknown };

export type Severity = "error" | "warning";

/** A diagnostic in our own (API) shape; the conformance harness converts to the Go shape. */
export interface Diagnostic {
  severity: Severity;
  summary: string;
  detail?: string;
  range?: Range;
  path?: string;
}

/** What the caller knows about who is opening what; exposed to documents as `${context.…}`. */
export type ExecutionContext = { [key: string]: PlainValue };

/** What a provider is told about the environment it is opened in. */
export interface ProviderCall {
  /** The environment whose definition contains this `fn::open` (e.g. `project/env`). */
  currentEnvironment: string;
  /** The environment that was opened first (the root of the import graph). */
  rootEnvironment: string;
  executionContext: ExecutionContext;
  /** Aborted when the caller gives up; providers must stop waiting on the network. */
  signal?: AbortSignal;
}

/**
 * A `fn::open::NAME` provider. `open` receives fully known inputs (secrets revealed) and
 * returns a Value tree; leaves it marks secret stay secret. Throwing an Error turns its
 * message into a diagnostic on the `fn::open` node, so messages must hold no secrets.
 */
export interface Provider {
  schema(): { inputs: Schema; outputs: Schema };
  open(inputs: { [key: string]: PlainValue }, call: ProviderCall): Promise<Value>;
}

/** A `fn::rotate::NAME` rotator. */
export interface Rotator {
  schema(): { inputs: Schema; state: Schema; outputs: Schema };
  open(inputs: { [key: string]: PlainValue }, state: PlainValue, call: ProviderCall): Promise<Value>;
  rotate(inputs: { [key: string]: PlainValue }, state: PlainValue, call: ProviderCall): Promise<PlainValue>;
  /**
   * Optional alternative to `rotate` that sees the evaluated inputs and state as Values (source
   * traces included) and returns the new state as a Value, used verbatim as the rotation patch.
   * The reference's test rotators work this way, so the conformance goldens carry input traces.
   */
  rotateValues?(
    inputs: { [key: string]: Value },
    state: Value | undefined,
    call: ProviderCall,
  ): Promise<Value>;
}

/** Encrypts and decrypts `fn::secret` ciphertext payloads (the service's: for one environment of one organization). */
export interface SecretCrypter {
  encrypt(plaintext: Uint8Array): Promise<Uint8Array>;
  decrypt(ciphertext: Uint8Array): Promise<Uint8Array>;
}

export interface LoadedEnvironment {
  /** The YAML definition text. */
  yaml: string;
  /** The crypter for ciphertext in this environment (usually the organization's). */
  crypter: SecretCrypter;
}

/** Loads other environments by the name used in `imports` / `${environments.…}`. */
export interface EnvironmentLoader {
  load(name: string): Promise<LoadedEnvironment>;
}

export interface ProviderRegistry {
  provider(name: string): Provider | undefined;
  rotator(name: string): Rotator | undefined;
}
