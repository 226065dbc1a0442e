/**
 * The port `idvkit sandbox` listens on unless told otherwise (a free one when it is taken), and where
 * `idvkit init --sandbox` looks for it.
 */
export const SANDBOX_DEFAULT_PORT = 4010;

/** The URL `idvkit init --sandbox` reads the running sandbox's base URLs and flows from by default. */
export const SANDBOX_DEFAULT_URL = `http://127.0.0.1:${SANDBOX_DEFAULT_PORT}`;
