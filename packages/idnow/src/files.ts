/** Lifetime of a pre-signed file URL according to the docs (get-files). */
export const FILE_URL_TTL_SECONDS = 3600;

/**
 * What `getFile` found. The current docs answer 302 with a pre-signed URL (`redirect`, valid about
 * {@link FILE_URL_TTL_SECONDS} s: fetch it without your bearer token); the older .sx docs stream the file
 * directly (`content`). Both are returned as they come.
 */
export type IdnowFileResult =
  | { kind: 'redirect'; url: string }
  | { kind: 'content'; bytes: Uint8Array; contentType: string | null };

/** A downloaded file (`downloadFile`). Personal data: never log or store it by default. */
export interface IdnowFile {
  bytes: Uint8Array;
  contentType: string | null;
}
