"use client";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="error-page">
      <div>
        <div className="code">Oops</div>
        <h1 style={{ marginTop: 12 }}>Something went wrong</h1>
        <p>The error has been logged. You can try again.</p>
        <button className="btn" onClick={() => reset()}>
          Try again
        </button>
      </div>
    </main>
  );
}
