// npm run fuzz:ipc [-- --runs N --seed S]: the IPC fuzz at full size (default 10,000 payloads per
// contract channel, and as many to unknown channel names) through dispatch to a real lab session.
// Prints per channel: payloads, how many reached a handler, refusals, crashes, hangs and accepted
// invalid payloads (with examples); exit 1 when any crash, hang or accepted invalid payload.
import { parseArgs } from 'node:util';
import { CHANNELS } from '../shared/ipc/contract';
import { fuzzChannel, fuzzSession, problems, type ChannelTally } from '../tests/ipc-fuzz/harness';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } }, strict: true });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('fuzz-ipc: --runs takes a positive whole number');
  process.exit(2);
}
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);

const session = await fuzzSession();
const tallies: ChannelTally[] = [];
console.log(`IPC fuzz: ${runs} payloads per channel, seed ${seed} (repeat with --seed ${seed})`);
console.log(
  `${'channel'.padEnd(32)} ${'payloads'.padStart(8)} ${'handled'.padStart(8)} ${'refused'.padStart(8)} ${'crashes'.padStart(8)} ${'hangs'.padStart(6)} ${'acc.inv'.padStart(8)}  time`,
);
for (const channel of [...CHANNELS, null]) {
  const t0 = performance.now();
  const t = await fuzzChannel(session, channel, { runs, seed });
  tallies.push(t);
  const cols = [t.payloads, t.reachedHandler, t.refused, t.crashes].map((n) => String(n).padStart(8));
  console.log(
    `${t.channel.padEnd(32)} ${cols.join(' ')} ${String(t.hangs).padStart(6)} ${String(t.acceptedInvalid).padStart(8)}  ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  for (const e of t.examples) console.log(`    ${e}`);
}
await session.close();
const total = (k: 'crashes' | 'hangs' | 'acceptedInvalid') => tallies.reduce((n, t) => n + t[k], 0);
console.log(
  `total: ${tallies.reduce((n, t) => n + t.payloads, 0)} payloads; crashes ${total('crashes')}, hangs ${total('hangs')}, accepted invalid ${total('acceptedInvalid')}`,
);
process.exit(tallies.some((t) => problems(t) > 0) ? 1 : 0);
