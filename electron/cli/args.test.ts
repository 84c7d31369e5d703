import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './args';

describe('CLI arguments', () => {
  it('parses a full diagnose line', () => {
    expect(parseCliArgs(['diagnose', '--lab', 'sync-service-stopped', '--url', 'ldaps://127.0.0.1:636', '--bind', 'a@b.c', '--password-env', 'PW', '--ca-file', 'ca.pem', '--format', 'json'])).toEqual({
      command: 'diagnose', lab: 'sync-service-stopped', timeoutMs: 10000, format: 'json',
      directory: { url: 'ldaps://127.0.0.1:636', bind: 'a@b.c', passwordEnv: 'PW', caFile: 'ca.pem', serverName: undefined, startTls: false },
    });
  });

  it.each([
    [['diagnose', '--password', 'x'], /Unknown option '--password'/],
    [['diagnose', '--url', 'ldaps://h:636'], /go together/],
    [['diagnose', '--bind', 'a@b'], /go together/],
    [['diagnose', '--lab', 'x', '--bind', 'a@b', '--password-env', 'P'], /needs --url/],
    [['diagnose', '--format', 'xml'], /json|text/],
    [['diagnose', '--lab', 'Bad;Id'], /--lab takes a scenario id/],
    [['diagnose', '--url', 'http://x', '--bind', 'a', '--password-env', 'P'], /--url must look like/],
    [['frobnicate'], /unknown command/],
    [[], /missing command/],
    [['diagnose', '--ca-file', 'x'], /need --url/],
    [['diagnose', '--timeout-ms', '5'], /100/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseCliArgs(argv as string[])).toThrow(message);
  });
});
