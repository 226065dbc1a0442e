/** Bytes of a media item with their content type. */
export interface MediaContent {
  contentType: string;
  bytes: Uint8Array;
}

/**
 * What `getMedia` resolves to. Yoti answers 204 when regulations prevent it from returning a media item that
 * exists (e.g. some biometric media in some jurisdictions): that is `{ withheld: true }`, not an error and not a
 * deletion (a deleted or unknown media item is a `NotFoundError`).
 * @see https://developers.yoti.com/identity-verification/retrieve-results
 */
export type MediaResult = ({ withheld: false } & MediaContent) | { withheld: true };
