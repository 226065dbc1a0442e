/**
 * Whether a listed version is newer than the stored one. A list item without `updatedAt` is unchanged only
 * when the stored row has none either (e.g. a Verifa session nobody has touched yet); otherwise it is fetched.
 */
export function isNewer(listed: Date | null, stored: Date | null): boolean {
  if (listed === null) return stored !== null;
  return stored === null || listed.getTime() > stored.getTime();
}
