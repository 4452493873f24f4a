export default function Loading() {
  return (
    <div className="page">
      <div className="loading" style={{ position: "static", padding: 64 }}>
        <div className="spinner" aria-label="Loading" />
      </div>
    </div>
  );
}
