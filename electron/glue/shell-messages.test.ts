import { describe, expect, it } from 'vitest';
import { rendererGoneMessage, startupFailedMessage } from './shell-messages';

describe('rendererGoneMessage', () => {
  it('says nothing for a clean exit', () => {
    expect(rendererGoneMessage({ reason: 'clean-exit', exitCode: 0 }, 'win32')).toBeNull();
  });

  it('explains the elevated-sandbox launch failure on Windows and what to do', () => {
    const message = rendererGoneMessage({ reason: 'launch-failed', exitCode: 18 }, 'win32');
    expect(message).toContain('launch-failed, exit code 18');
    expect(message).toContain('Run as administrator');
  });

  it('gives the plain message elsewhere and for crashes', () => {
    expect(rendererGoneMessage({ reason: 'launch-failed', exitCode: 1 }, 'linux')).not.toContain('administrator');
    expect(rendererGoneMessage({ reason: 'crashed', exitCode: -1073741819 }, 'win32')).toMatch(/crashed.*audit log/);
  });
});

describe('startupFailedMessage', () => {
  it('carries the cause', () => {
    expect(startupFailedMessage(new Error('DSD_MODE must be one of auto, lab, windows'))).toBe(
      'DirSync Doctor could not start: DSD_MODE must be one of auto, lab, windows',
    );
    expect(startupFailedMessage('weird')).toBe('DirSync Doctor could not start: an unexpected error');
  });
});
