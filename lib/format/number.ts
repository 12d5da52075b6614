/**
 * A number typed into a text field: undefined when empty, the number when it reads as one, else
 * the text itself, so the schema that checks the field names the problem ("…is a number of seconds").
 */
export function parseNumberOrText(text: string): number | string | undefined {
  const value = text.trim();
  if (!value) return undefined;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}
