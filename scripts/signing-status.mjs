// Whether the Windows build will be code-signed, from the environment electron-builder reads.
// Pure, so the wording and the refusal can be tested.

/** The certificate variables electron-builder looks at for Windows, in its order. */
export const CERTIFICATE_VARIABLES = ['WIN_CSC_LINK', 'CSC_LINK'];

export function signingStatus(env) {
  const variable = CERTIFICATE_VARIABLES.find((name) => (env[name] ?? '').trim() !== '');
  const required = env.DSD_REQUIRE_SIGNING === '1';
  if (variable) {
    return { signed: true, refuse: false, message: `dist:win: signing the installer and app with the certificate from ${variable}.` };
  }
  const message =
    'dist:win: UNSIGNED BUILD. No code-signing certificate is configured (set WIN_CSC_LINK or CSC_LINK, and ' +
    'WIN_CSC_KEY_PASSWORD or CSC_KEY_PASSWORD). Windows will show the installer as from an unknown publisher; ' +
    'do not hand an unsigned build to customers.';
  if (required) return { signed: false, refuse: true, message: `${message} DSD_REQUIRE_SIGNING=1: stopping.` };
  return { signed: false, refuse: false, message };
}
