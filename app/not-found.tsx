import Link from "next/link";

export const metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <main className="error-page">
      <div>
        <div className="code">404</div>
        <h1 style={{ marginTop: 12 }}>We couldn&apos;t find that page</h1>
        <p>It may not exist, or you may not have access to it.</p>
        <Link className="btn" href="/">
          Back to the console
        </Link>
      </div>
    </main>
  );
}
