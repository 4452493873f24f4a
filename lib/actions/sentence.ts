/** The service layer's lower-case messages as UI sentences: "name must …" → "Name must ….". */
export function sentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return trimmed;
  const capitalised = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
