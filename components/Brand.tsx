import Link from "next/link";

export function Brand({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="brand" aria-label="ESC Console home">
      <span className="brand-mark" aria-hidden="true">
        E
      </span>
      ESC Console
    </Link>
  );
}
