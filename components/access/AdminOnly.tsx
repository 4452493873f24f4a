// What a member who is not an organization admin sees on an admin page: a plain 403 explanation.
export function AdminOnly({ title, what }: { title: string; what: string }) {
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{title}</h1>
        </div>
      </div>
      <div className="alert alert-warning" role="alert" data-testid="forbidden">
        <strong>403 · Admins only.</strong> {what} Ask an admin of this organization if you need a change.
      </div>
    </div>
  );
}
