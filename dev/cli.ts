// `npm run cli`: the CLI from the source tree, for development. The same commands as the shipped
// dist/electron/cli.cjs, plus `scan --lab`, which reaches the lab's Samba DC through
// scripts/lab-dc.sh (started when needed; LAB_DC_ADDR / LAB_DC_DIR pick which DC).
import { runCliProcess } from '../electron/cli/process-entry';
import { samba } from './bridge/lab-directory';

void runCliProcess(process.argv.slice(2), { labDc: samba }).then((code) => {
  process.exitCode = code;
});
