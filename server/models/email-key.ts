/** An email address as careloop compares addresses: trimmed and in lower case. */
export function emailKeyOf(email: string): string {
  return email.trim().toLowerCase();
}
