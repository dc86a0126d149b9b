/** Splits text into pieces of about `size` code points, never inside a surrogate pair. */
export function splitText(text: string, size: number): string[] {
  const chars = [...text];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(""));
  return out;
}
