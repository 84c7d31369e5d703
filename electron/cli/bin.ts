// The shipped CLI's entry, bundled to dist/electron/cli.cjs: run it with Node 22 or through the
// installed app ("DirSync Doctor.exe" --cli …, electron/main.ts). No lab DC here: `scan --lab` is
// for the development entry (dev/cli.ts).
import { runCliProcess } from './process-entry';

void runCliProcess(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
