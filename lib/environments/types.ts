// What the environment service hands back. Field names follow the ESC API's JSON (API.md
// "Shapes"), so transports can serialise these as they are (Dates become ISO strings).
import type { RequestContext } from "@/lib/audit/request-context";
import type { EnvironmentPermission } from "@/lib/orgs/permissions";

/**
 * Who is acting: a signed-in user, or a user through one of their access tokens; `request` says
 * where from (for the audit trail), when the call came in over HTTP.
 */
export interface Actor {
  userId: string;
  /** The user's login, when whoever authenticated the actor read it (saves reading it again). */
  login?: string;
  tokenId?: string;
  request?: RequestContext;
}

export interface EnvironmentSummary {
  organization: string;
  project: string;
  name: string;
  created: Date;
  modified: Date;
  /** Login of the author of the newest revision (null if that user was deleted). */
  modifiedBy: string | null;
  /** The actor's effective permission on it (never "none": those are not listed). */
  permission: EnvironmentPermission;
}

export interface RetractionInfo {
  replacement: number;
  at: Date;
  byLogin: string;
  byName: string;
  reason: string;
}

export interface EnvironmentDefinition {
  id: string;
  orgId: string;
  organization: string;
  project: string;
  name: string;
  /** The definition; from getEnvironment `fn::secret` values are ciphertext, from decryptEnvironment plaintext. */
  yaml: string;
  /** The revision this definition is. */
  revision: number;
  /** The newest revision of the environment. */
  latestRevision: number;
  /** Identifies the newest revision; pass it back as `expectedEtag` to update only if nothing changed since. */
  etag: string;
  created: Date;
  modified: Date;
  deletionProtected: boolean;
  /** The actor's effective permission on the environment. */
  permission: EnvironmentPermission;
  retracted?: RetractionInfo;
}

export interface EnvironmentRevisionInfo {
  number: number;
  created: Date;
  creatorLogin: string;
  creatorName: string;
  tags: string[];
  retracted?: RetractionInfo;
}

export interface RevisionTagInfo {
  name: string;
  revision: number;
  created: Date;
  modified: Date;
  editorLogin: string;
  editorName: string;
}

export interface EnvironmentTagInfo {
  id: string;
  name: string;
  value: string;
  created: Date;
  modified: Date;
  editorLogin: string;
  editorName: string;
}
