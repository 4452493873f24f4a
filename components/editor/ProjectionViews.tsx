"use client";
// The Environment variables and Files views: what `esc run` would set (the scalar entries of
// `environmentVariables` and `files`, projected on the server by lib/esc/projection.ts).
import type { PreviewProjected } from "@/components/editor/preview-types";
import { filePath, plainToText, variablePath } from "@/components/editor/preview-plain";
import { ErrorValue, SecretValue, UnknownValue } from "@/components/editor/SecretValue";

export function VariablesView({ variables, opened }: { variables: PreviewProjected[]; opened: boolean }) {
  if (variables.length === 0) {
    return (
      <p className="esc-view-empty">
        No environment variables. Scalar values under <code>values.environmentVariables</code> are set in the
        environment of <code>esc run</code>.
      </p>
    );
  }
  return (
    <table className="esc-vars" data-testid="env-vars">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {variables.map((v) => (
          <tr key={v.name}>
            <th scope="row" className="esc-var-name">
              {v.name}
            </th>
            <td className="esc-var-value">
              <Projected entry={v} path={variablePath(v.name)} opened={opened} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FilesView({ files, opened }: { files: PreviewProjected[]; opened: boolean }) {
  if (files.length === 0) {
    return (
      <p className="esc-view-empty">
        No files. Each scalar under <code>values.files</code> is written to a temporary file by{" "}
        <code>esc run</code>, and the variable of that name holds its path.
      </p>
    );
  }
  return (
    <div className="esc-files" data-testid="files">
      {files.map((f) => (
        <section key={f.name} className="esc-file" aria-label={`File ${f.name}`}>
          <h3 className="esc-file-name">
            <span className="mono">${f.name}</span>
            <span className="faint">→ a temporary file with this content</span>
          </h3>
          <div className="esc-file-body">
            <Projected entry={f} path={filePath(f.name)} opened={opened} block />
          </div>
        </section>
      ))}
    </div>
  );
}

function Projected({
  entry,
  path,
  opened,
  block = false,
}: {
  entry: PreviewProjected;
  path: (string | number)[];
  opened: boolean;
  block?: boolean;
}) {
  if (entry.error !== undefined) return <ErrorValue message={entry.error} />;
  if (entry.secret) return <SecretValue path={path} label={entry.name} format={plainToText} block={block} />;
  if (entry.unknown) return <UnknownValue opened={opened} />;
  const text = entry.text ?? "";
  return (
    <>
      {block ? (
        <pre className="esc-file-content">{text}</pre>
      ) : text === "" ? (
        <span className="faint">(empty)</span>
      ) : (
        <span className="esc-var-text">{text}</span>
      )}
      {entry.cut ? <span className="faint"> (cut: too long to show whole)</span> : null}
    </>
  );
}
