import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './args';

describe('CLI arguments', () => {
  it('parses a full diagnose line', () => {
    expect(
      parseCliArgs([
        'diagnose',
        '--lab',
        'sync-service-stopped',
        '--url',
        'ldaps://127.0.0.1:636',
        '--bind',
        'a@b.c',
        '--password-env',
        'PW',
        '--ca-file',
        'ca.pem',
        '--format',
        'json',
      ]),
    ).toEqual({
      command: 'diagnose',
      lab: 'sync-service-stopped',
      labFile: null,
      timeoutMs: 10000,
      format: 'json',
      directory: { url: 'ldaps://127.0.0.1:636', bind: 'a@b.c', passwordEnv: 'PW', caFile: 'ca.pem', serverName: undefined, startTls: false },
    });
  });

  it('parses gap snapshot and gap list with the same connection flags', () => {
    expect(parseCliArgs(['gap', 'snapshot', '--lab', 'dirsync-32bit-event-109', '--out', 'snap.jsonl'])).toEqual({
      command: 'gap',
      action: 'snapshot',
      lab: 'dirsync-32bit-event-109',
      directory: null,
      timeoutMs: 10000,
      out: 'snap.jsonl',
    });
    expect(
      parseCliArgs(['gap', 'list', '--url', 'ldaps://dc:636', '--bind', 'a@b.c', '--password-env', 'PW', '--snapshot', 's.jsonl', '--format', 'json']),
    ).toMatchObject({
      command: 'gap',
      action: 'list',
      snapshot: 's.jsonl',
      format: 'json',
      directory: { url: 'ldaps://dc:636', bind: 'a@b.c', passwordEnv: 'PW' },
    });
    expect(parseCliArgs(['gap', 'list', '--lab', 'x', '--snapshot', 's.jsonl'])).toMatchObject({ format: 'csv' });
  });

  it.each([
    [['gap'], /snapshot or list/],
    [['gap', 'erase', '--lab', 'x'], /unknown gap action "erase"/],
    [['gap', 'snapshot', '--lab', 'x'], /needs --out/],
    [['gap', 'list', '--lab', 'x'], /needs --snapshot/],
    [['gap', 'snapshot', '--out', 'f'], /needs a directory/],
    [['gap', 'list', '--lab', 'x', '--snapshot', 's', '--format', 'text'], /csv or json/],
    [['diagnose', '--lab', 'x', '--format', 'csv'], /json or text/],
    [['diagnose', '--lab', 'x', '--out', 'f'], /belong to the gap command/],
  ])('rejects gap misuse %j', (argv, message) => {
    expect(() => parseCliArgs(argv as string[])).toThrow(UsageError);
    expect(() => parseCliArgs(argv as string[])).toThrow(message);
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
