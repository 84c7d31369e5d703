// What the desktop shell tells the tech when it cannot go on, in words they can act on.

export interface RendererGoneDetails {
  readonly reason: string;
  readonly exitCode: number;
}

/** null when the renderer ended normally and there is nothing to say. */
export function rendererGoneMessage(details: RendererGoneDetails, platform: string): string | null {
  if (details.reason === 'clean-exit') return null;
  const what = `The DirSync Doctor window stopped working (${details.reason}, exit code ${details.exitCode}).`;
  if (details.reason === 'launch-failed' && platform === 'win32') {
    // electron/electron#33131, #41783, #49167: sandboxed renderers can fail to launch when elevated.
    return (
      `${what} On some Windows machines a window cannot start while the app runs elevated ` +
      `("Run as administrator"). Start DirSync Doctor normally from the Start menu; it asks for ` +
      `elevation itself when your account can have it.`
    );
  }
  return `${what} Start DirSync Doctor again. Changes already applied are listed in the audit log.`;
}

export function startupFailedMessage(error: unknown): string {
  const reason = error instanceof Error && error.message ? error.message : 'an unexpected error';
  return `DirSync Doctor could not start: ${reason}`;
}
