#!/usr/bin/env node
// The lab Active Directory: a Samba AD DC on 127.0.0.1 (LDAPS only), for tests, e2e and the CLI.
//
// Interface (keep it stable; tests/setup/lab-dc.ts, e2e and the CLI call it):
//   scripts/lab-dc.sh ensure [--quiet]
//       Installs Samba with apt if it is missing (root only), provisions the DC once under
//       .lab-dc/ (realm LAB.EXAMPLE.COM, NetBIOS domain LAB, random admin password kept in a
//       0600 file), extends the schema with the Exchange attributes a sync scan reads, starts
//       samba in the background and waits until LDAPS answers with a certificate that
//       verifies. Idempotent: when the DC is already up and healthy it returns at once; when
//       it is provisioned but stopped it only starts it. On success prints the `env` JSON on
//       stdout (progress goes to stderr). Exit 0 = ready, non-zero = not ready (reason on stderr).
//       Writes the lab marker (a container under the base DN whose adminDescription says it is a
//       disposable lab; DN in `env` as labMarkerDn), and adds it to a DC it provisioned earlier
//       without one: the app's lab mode seeds only a directory that carries it.
//   scripts/lab-dc.sh ensure --foreign [--quiet]
//       The same, but provisions a DC WITHOUT the marker, standing in for a real directory (tests
//       prove the lab refuses it). Recorded at provisioning; a foreign DC never gets the marker.
//   scripts/lab-dc.sh env [--show-password]
//       Prints one JSON document: { url, caFile, serverName, bindDn, passwordFile, baseDn,
//       domain, realm, netbiosDomain, mailboxDatabaseDn (a homeMDB target), labMarkerDn (null on a
//       foreign DC), dir, running }. The password is only included (as
//       `password`) with --show-password. Exit 2 when not provisioned yet.
//   scripts/lab-dc.sh status
//       Prints { state: running | unhealthy | stopped | not-provisioned, pid, url, dir };
//       exit 0 only when running and answering.
//   scripts/lab-dc.sh stop
//       Stops the DC (SIGTERM, then SIGKILL after 15 s). Exit 0 also when it was not running.
//   scripts/lab-dc.sh destroy
//       Stops the DC and deletes its directory (the next `ensure` provisions a fresh one).
//
// LAB_DC_DIR overrides the directory (default <repo>/.lab-dc, gitignored). LAB_DC_ADDR picks the
// loopback address the DC is provisioned on (default 127.0.0.1), so several DCs (a test run, a
// benchmark, a second checkout) run side by side: each on its own address, in its own folder, with
// its own pid directory. The address is recorded at provisioning; later calls read it from there.
// Samba facts this relies on are in /work/shared/NOTES-environment.md.
import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AlreadyExistsError, Attribute, Change, Client } from 'ldapts';

class LabDcError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

const REPO = path.resolve(import.meta.dirname, '..');
const DIR = path.resolve(process.env.LAB_DC_DIR ?? path.join(REPO, '.lab-dc'));
const TARGET = path.join(DIR, 'dc'); // samba-tool --targetdir
const SMB_CONF = path.join(TARGET, 'etc', 'smb.conf');
const CA_FILE = path.join(TARGET, 'private', 'tls', 'ca.pem');
const CERT_FILE = path.join(TARGET, 'private', 'tls', 'cert.pem');
const PASSWORD_FILE = path.join(DIR, 'admin-password');
const PID_FILE = path.join(DIR, 'samba.pid');
const OUTPUT_LOG = path.join(DIR, 'samba-output.log');
const SAMBA_LOG = path.join(DIR, 'samba.log');
const PROVISION_LOG = path.join(DIR, 'provision.log');
const PROVISIONED_MARK = path.join(DIR, 'provisioned.json');
const SCHEMA_MARK = path.join(DIR, 'schema-extended.json');
const LAB_MARKER_MARK = path.join(DIR, 'lab-marker.json');
const LOCK_FILE = path.join(DIR, 'lock');

const REALM = 'LAB.EXAMPLE.COM';
const NETBIOS_DOMAIN = 'LAB';
const DOMAIN = REALM.toLowerCase();
const BASE_DN = DOMAIN.split('.')
  .map((l) => `DC=${l}`)
  .join(',');
const HOST = (() => {
  // Read before main() runs, so a bad address gets the same one-line error as everything else.
  try {
    return labAddress();
  } catch (err) {
    if (!(err instanceof LabDcError)) throw err;
    process.stderr.write(`lab-dc: ${err.message}\n`);
    process.exit(err.exitCode);
  }
})();
const LDAPS_PORT = 636;
const URL = `ldaps://${HOST}:${LDAPS_PORT}`;
const BIND_DN = `Administrator@${DOMAIN}`;
/** A stand-in for an Exchange mailbox database, so lab accounts can carry a homeMDB value. */
const MAILBOX_DATABASE_DN = `CN=Mailbox Database 01,CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups,CN=First Organization,CN=Microsoft Exchange,CN=Services,CN=Configuration,${BASE_DN}`;
// Keep in step with electron/directory/lab-marker.ts (tests/lab-marker.test.ts compares them).
const LAB_MARKER_DN = `CN=DirSync Doctor Lab Marker,${BASE_DN}`;
const LAB_MARKER_VALUE = 'dirsync-doctor-lab-dc: a disposable lab directory that DirSync Doctor may seed';
const LAB_OBJECT_TAG = 'dirsync-doctor-lab-object';
// ldb-tools: ldbsearch / ldbadd / ldbmodify, which seed:scan --offline uses on the stopped DC's sam.ldb.
// samba-ad-provision holds the schema files provisioning reads; it is only a recommendation of
// samba-ad-dc, so --no-install-recommends leaves it out unless it is named.
const APT_PACKAGES = ['samba', 'samba-ad-dc', 'samba-ad-provision', 'ldap-utils', 'winbind', 'ldb-tools'];
/** The programs the lab needs; any one missing means an install. */
const NEEDED_TOOLS = ['samba', 'samba-tool', 'ldapsearch', 'ldbsearch', 'ldbadd', 'ldbmodify'];
const START_TIMEOUT_MS = 90_000;

/** The DC's loopback address: the one it was provisioned on, else LAB_DC_ADDR, else 127.0.0.1. */
function labAddress() {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(PROVISIONED_MARK, 'utf8')).address;
  } catch {
    recorded = undefined;
  }
  const wanted = process.env.LAB_DC_ADDR;
  if (recorded && wanted && wanted !== recorded) {
    throw new LabDcError(`${DIR} was provisioned on ${recorded}, not LAB_DC_ADDR=${wanted}; use another LAB_DC_DIR or destroy it`, 2);
  }
  const address = recorded ?? wanted ?? '127.0.0.1';
  if (!/^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(address) || address.split('.').some((o) => Number(o) > 255)) {
    throw new LabDcError(`LAB_DC_ADDR must be a loopback IPv4 address (127.x.y.z), not "${address}"`, 2);
  }
  return address;
}

/** Samba binds only to addresses an interface carries; 127.0.0.1 always is, others are added to lo. */
function ensureLoopbackAddress() {
  if (HOST === '127.0.0.1') return;
  const ip = findExecutable('ip');
  if (!ip) throw new LabDcError(`the "ip" command (iproute2) is needed to add ${HOST} to lo`);
  const shown = spawnSync(ip, ['-o', '-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' });
  if (new RegExp(`inet ${HOST.replace(/\./g, '\\.')}/`).test(shown.stdout ?? '')) return;
  const r = spawnSync(ip, ['addr', 'add', `${HOST}/8`, 'dev', 'lo'], { encoding: 'utf8' });
  if (r.status !== 0) throw new LabDcError(`could not add ${HOST} to lo (${(r.stderr ?? '').trim() || `exit ${r.status}`})`);
}

let quiet = false;
const say = (msg) => {
  if (!quiet) process.stderr.write(`lab-dc: ${msg}\n`);
};

// --- small utilities -------------------------------------------------------------------------

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function findExecutable(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  for (const d of dirs) {
    if (!d) continue;
    const p = path.join(d, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** The pid in our pid file, if that process is alive and is the samba we started with our smb.conf. */
function ourSambaPid() {
  let pid;
  try {
    pid = Number(fs.readFileSync(PID_FILE, 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  // Samba rewrites its command line ("samba: root process"), so check the executable, and
  // Samba's own pid file in our pid directory when it has written it (guards against pid reuse).
  try {
    if (path.basename(fs.readlinkSync(`/proc/${pid}/exe`)) !== 'samba') return null;
  } catch {
    return null;
  }
  try {
    if (Number(fs.readFileSync(path.join(DIR, 'run', 'samba.pid'), 'utf8').trim()) !== pid) return null;
  } catch {
    /* not written yet during start-up */
  }
  return pid;
}

function portInUse(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: HOST, port });
    s.setTimeout(1000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
  });
}

/** Serialises ensure/stop/destroy between processes (vitest globalSetup, e2e, the CLI). */
async function withLock(fn) {
  fs.mkdirSync(DIR, { recursive: true, mode: 0o700 });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      const fd = fs.openSync(LOCK_FILE, 'wx', 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(LOCK_FILE, 'utf8').trim() || '0');
      if (!holder || !isAlive(holder)) {
        fs.rmSync(LOCK_FILE, { force: true }); // left behind by a process that died
        continue;
      }
      if (Date.now() > deadline) throw new LabDcError(`another lab-dc process (pid ${holder}) holds ${LOCK_FILE}`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK_FILE, { force: true });
  }
}

// --- facts about the DC --------------------------------------------------------------------

function readSmbConf() {
  return fs.readFileSync(SMB_CONF, 'utf8');
}

function globalOption(conf, key) {
  const re = new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=\\s*(.*?)\\s*$`, 'im');
  return re.exec(conf)?.[1] ?? null;
}

/** The TLS certificate Samba generates is issued to <NETBIOS NAME>.<dns domain>. */
function serverName() {
  const netbios = globalOption(readSmbConf(), 'netbios name');
  if (!netbios) throw new LabDcError(`${SMB_CONF} has no "netbios name"`);
  return `${netbios.toUpperCase()}.${DOMAIN}`;
}

function checkCertificateName(name) {
  const cert = new X509Certificate(fs.readFileSync(CERT_FILE));
  if (!cert.checkHost(name)) {
    throw new LabDcError(`Samba's certificate (${cert.subject.replace(/\n/g, ', ')}) is not issued to ${name}`);
  }
}

function envDocument({ showPassword = false, running = false } = {}) {
  const doc = {
    url: URL,
    caFile: CA_FILE,
    serverName: serverName(),
    bindDn: BIND_DN,
    passwordFile: PASSWORD_FILE,
    baseDn: BASE_DN,
    domain: DOMAIN,
    realm: REALM,
    netbiosDomain: NETBIOS_DOMAIN,
    mailboxDatabaseDn: MAILBOX_DATABASE_DN,
    labMarkerDn: isForeign() ? null : LAB_MARKER_DN,
    dir: DIR,
    running,
  };
  if (showPassword) doc.password = readPassword();
  return doc;
}

/** Provisioned with --foreign: a stand-in for a real directory, never marked as a lab. */
function isForeign() {
  try {
    return JSON.parse(fs.readFileSync(PROVISIONED_MARK, 'utf8')).foreign === true;
  } catch {
    return false;
  }
}

function readPassword() {
  return fs.readFileSync(PASSWORD_FILE, 'utf8');
}

function isProvisioned() {
  return fs.existsSync(PROVISIONED_MARK) && fs.existsSync(SMB_CONF) && fs.existsSync(PASSWORD_FILE);
}

function tlsOptions() {
  return { ca: [fs.readFileSync(CA_FILE)], servername: serverName(), minVersion: 'TLSv1.2' };
}

/** Anonymous rootDSE read over verified LDAPS: the DC is up and its certificate checks out. */
async function probe() {
  if (!fs.existsSync(CA_FILE)) return { ok: false, reason: 'no CA file yet' };
  const client = new Client({ url: URL, connectTimeout: 2000, timeout: 3000, tlsOptions: tlsOptions() });
  try {
    const { searchEntries } = await client.search('', { scope: 'base', attributes: ['defaultNamingContext', 'dnsHostName'] });
    const ctx = searchEntries[0]?.defaultNamingContext;
    if (ctx !== BASE_DN) return { ok: false, reason: `unexpected naming context ${String(ctx)}` };
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err.code ? `${err.code}: ${err.message}` : err.message };
  } finally {
    await client.unbind().catch(() => {});
  }
}

// --- ensure: install, provision, configure, start, extend schema ---------------------------

async function ensureInstalled() {
  const missing = NEEDED_TOOLS.filter((t) => !findExecutable(t));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new LabDcError(`Samba is not installed (${missing.join(', ')} missing) and installing it needs root: apt-get install -y ${APT_PACKAGES.join(' ')}`);
  }
  say(`installing ${APT_PACKAGES.join(' ')} (missing: ${missing.join(', ')})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...APT_PACKAGES]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) throw new LabDcError(`apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  }
  const still = NEEDED_TOOLS.filter((t) => !findExecutable(t));
  if (still.length) throw new LabDcError(`after apt-get install, still missing: ${still.join(', ')}`);
}

/** Samba derives the DC's NetBIOS name and certificate name from the hostname, and looks it up at provision time. */
async function checkHostname() {
  const host = os.hostname();
  const netbios = host.split('.')[0].toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9-]{0,14}$/.test(netbios)) {
    throw new LabDcError(`hostname "${host}" cannot be a DC NetBIOS name (1-15 letters, digits or -)`);
  }
  if (netbios === NETBIOS_DOMAIN) throw new LabDcError(`hostname "${host}" must differ from the domain's NetBIOS name ${NETBIOS_DOMAIN}`);
  try {
    await dns.lookup(host);
  } catch {
    throw new LabDcError(`hostname "${host}" does not resolve; add it to /etc/hosts (e.g. "127.0.1.1 ${host}") and run again`);
  }
}

function setGlobalOption(conf, key, value) {
  const line = `\t${key} = ${value}`;
  const re = new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=.*$`, 'im');
  if (re.test(conf)) return conf.replace(re, line);
  return conf.replace(/^\[global\]\s*$/im, (m) => `${m}\n${line}`);
}

function configure() {
  let conf = readSmbConf();
  const options = {
    // Only the LDAP side: starts in about a second and is all the app talks to.
    'server services': 'ldap, cldap',
    interfaces: HOST,
    'bind interfaces only': 'yes',
    'log file': SAMBA_LOG,
    'max log size': '10000',
    'pid directory': path.join(DIR, 'run'),
    'dsdb:schema update allowed': 'true',
    // Simple binds only over TLS, like a hardened Windows DC (the default, stated on purpose).
    'ldap server require strong auth': 'yes',
    // Samba accepts the previous password for an hour after a reset (NTLM's old-password window);
    // the lab needs a reset to take effect at once so "old password fails" can be tested.
    'old password allowed period': '0',
  };
  for (const [k, v] of Object.entries(options)) conf = setGlobalOption(conf, k, v);
  fs.writeFileSync(SMB_CONF, conf);
  fs.mkdirSync(path.join(DIR, 'run'), { recursive: true });
}

async function provision(foreign) {
  await checkHostname();
  say(`provisioning ${REALM} in ${TARGET}`);
  fs.rmSync(TARGET, { recursive: true, force: true });
  for (const f of [PASSWORD_FILE, PROVISIONED_MARK, SCHEMA_MARK, LAB_MARKER_MARK, PID_FILE]) fs.rmSync(f, { force: true });
  fs.mkdirSync(DIR, { recursive: true, mode: 0o700 });
  // No --adminpass: samba-tool generates a random one, so the password never appears in a process list.
  const r = spawnSync(
    findExecutable('samba-tool'),
    [
      'domain',
      'provision',
      `--realm=${REALM}`,
      `--domain=${NETBIOS_DOMAIN}`,
      '--server-role=dc',
      '--dns-backend=NONE',
      `--targetdir=${TARGET}`,
      `--option=interfaces=${HOST}`,
      '--option=bind interfaces only=yes',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const match = /Admin password:\s+(\S+)\s*$/m.exec(output);
  fs.writeFileSync(PROVISION_LOG, output.replace(/(Admin password:\s+)\S+/g, '$1(saved in admin-password)'), { mode: 0o600 });
  if (r.status !== 0)
    throw new LabDcError(`samba-tool domain provision failed (exit ${r.status ?? r.signal}); see ${PROVISION_LOG}:\n${tail(PROVISION_LOG, 15)}`);
  if (!match) throw new LabDcError(`samba-tool did not report the generated admin password; see ${PROVISION_LOG}`);
  fs.writeFileSync(PASSWORD_FILE, match[1], { mode: 0o600 });
  fs.chmodSync(PASSWORD_FILE, 0o600);
  configure();
  fs.writeFileSync(PROVISIONED_MARK, JSON.stringify({ realm: REALM, domain: NETBIOS_DOMAIN, address: HOST, foreign, at: new Date().toISOString() }) + '\n');
}

async function start() {
  ensureLoopbackAddress();
  if (await portInUse(LDAPS_PORT)) {
    throw new LabDcError(`${HOST}:${LDAPS_PORT} is already in use by another process (not the lab DC in ${DIR}); stop it first`);
  }
  const out = fs.openSync(OUTPUT_LOG, 'a');
  fs.writeSync(out, `--- ${new Date().toISOString()} starting samba\n`);
  const child = spawn(findExecutable('samba'), ['-s', SMB_CONF, '-i', '-M', 'single'], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  fs.writeFileSync(PID_FILE, String(child.pid));
  child.unref();
  say(`started samba (pid ${child.pid}); waiting for LDAPS on ${HOST}:${LDAPS_PORT}`);
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = 'not answering yet';
  while (Date.now() < deadline) {
    if (!isAlive(child.pid)) {
      fs.rmSync(PID_FILE, { force: true });
      throw new LabDcError(`samba exited during start-up; last lines of ${OUTPUT_LOG}:\n${tail(OUTPUT_LOG)}`);
    }
    if (fs.existsSync(CERT_FILE)) {
      checkCertificateName(serverName());
      const p = await probe();
      if (p.ok) return child.pid;
      last = p.reason;
    }
    await sleep(250);
  }
  throw new LabDcError(`samba (pid ${child.pid}) did not answer on LDAPS within ${START_TIMEOUT_MS / 1000} s (${last}); see ${OUTPUT_LOG}`);
}

// The Exchange attributes a sync scan reads, with their real attributeIDs and syntaxes (from
// Exchange's schema files). homeMDB is added without its linkID/back-link (homeMDBBL), so lab
// accounts can point at a mailbox database DN that does not exist in this directory.
const EXCHANGE_ATTRIBUTES = [
  {
    cn: 'ms-Exch-Mail-Nickname',
    lDAPDisplayName: 'mailNickname',
    attributeID: '1.2.840.113556.1.2.447',
    attributeSyntax: '2.5.5.12',
    oMSyntax: '64',
    rangeLower: '1',
    rangeUpper: '64',
    searchFlags: '5',
    schemaIDGUID: 'bf9679b3-0de6-11d0-a285-00aa003049e2',
  },
  {
    cn: 'ms-Exch-Target-Address',
    lDAPDisplayName: 'targetAddress',
    attributeID: '1.2.840.113556.1.2.352',
    attributeSyntax: '2.5.5.12',
    oMSyntax: '64',
    rangeLower: '1',
    rangeUpper: '1123',
    searchFlags: '1',
    schemaIDGUID: 'f0f8ff9f-1191-11d0-a060-00aa006c33ed',
  },
  {
    cn: 'ms-Exch-Recipient-Type-Details',
    lDAPDisplayName: 'msExchRecipientTypeDetails',
    attributeID: '1.2.840.113556.1.4.7000.102.50855',
    attributeSyntax: '2.5.5.16',
    oMSyntax: '65',
    searchFlags: '1',
    schemaIDGUID: '069ba1f8-540a-42a9-bf26-a7dd35475346',
  },
  {
    cn: 'ms-Exch-Home-MDB',
    lDAPDisplayName: 'homeMDB',
    attributeID: '1.2.840.113556.1.2.244',
    attributeSyntax: '2.5.5.1',
    oMSyntax: '127',
    oMObjectClass: Buffer.from('KwwCh3McAIVK', 'base64'),
    searchFlags: '0',
    schemaIDGUID: 'bf967987-0de6-11d0-a285-00aa003049e2',
  },
  {
    cn: 'ms-Exch-Hide-From-Address-Lists',
    lDAPDisplayName: 'msExchHideFromAddressLists',
    attributeID: '1.2.840.113556.1.4.7000.102.73',
    attributeSyntax: '2.5.5.8',
    oMSyntax: '1',
    searchFlags: '16',
    schemaIDGUID: 'a21c0b96-b093-11d2-aa06-00c04f8eedd8',
  },
];

function guidBytes(guid) {
  const hex = guid.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  return Buffer.from([b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6], ...b.subarray(8)]);
}

async function extendSchema() {
  if (fs.existsSync(SCHEMA_MARK)) return;
  say('extending the schema with the Exchange attributes');
  const client = new Client({ url: URL, timeout: 30_000, connectTimeout: 5000, tlsOptions: tlsOptions() });
  try {
    await client.bind(BIND_DN, readPassword());
    const schemaDn = `CN=Schema,CN=Configuration,${BASE_DN}`;
    for (const a of EXCHANGE_ATTRIBUTES) {
      const { searchEntries } = await client.search(schemaDn, { scope: 'one', filter: `(lDAPDisplayName=${a.lDAPDisplayName})`, attributes: ['cn'] });
      if (searchEntries.length) continue;
      const attrs = [
        new Attribute({ type: 'objectClass', values: ['top', 'attributeSchema'] }),
        new Attribute({ type: 'cn', values: [a.cn] }),
        new Attribute({ type: 'lDAPDisplayName', values: [a.lDAPDisplayName] }),
        new Attribute({ type: 'attributeID', values: [a.attributeID] }),
        new Attribute({ type: 'attributeSyntax', values: [a.attributeSyntax] }),
        new Attribute({ type: 'oMSyntax', values: [a.oMSyntax] }),
        new Attribute({ type: 'isSingleValued', values: ['TRUE'] }),
        new Attribute({ type: 'searchFlags', values: [a.searchFlags] }),
        new Attribute({ type: 'showInAdvancedViewOnly', values: ['TRUE'] }),
        new Attribute({ type: 'adminDisplayName', values: [a.cn] }),
        new Attribute({ type: 'adminDescription', values: [a.cn] }),
        new Attribute({ type: 'schemaIDGUID', values: [guidBytes(a.schemaIDGUID)] }),
      ];
      if (a.rangeLower) attrs.push(new Attribute({ type: 'rangeLower', values: [a.rangeLower] }));
      if (a.rangeUpper) attrs.push(new Attribute({ type: 'rangeUpper', values: [a.rangeUpper] }));
      if (a.oMObjectClass) attrs.push(new Attribute({ type: 'oMObjectClass', values: [a.oMObjectClass] }));
      await client.add(`CN=${a.cn},${schemaDn}`, attrs);
    }
    await client.modify('', new Change({ operation: 'add', modification: new Attribute({ type: 'schemaUpdateNow', values: ['1'] }) }));
    const recipientDn = `CN=Mail-Recipient,${schemaDn}`;
    const { searchEntries } = await client.search(recipientDn, { scope: 'base', attributes: ['mayContain'] });
    const have = new Set([searchEntries[0]?.mayContain ?? []].flat().map((v) => String(v).toLowerCase()));
    const add = EXCHANGE_ATTRIBUTES.map((a) => a.lDAPDisplayName).filter((n) => !have.has(n.toLowerCase()));
    if (add.length) {
      await client.modify(recipientDn, new Change({ operation: 'add', modification: new Attribute({ type: 'mayContain', values: add }) }));
    }
    await client.modify('', new Change({ operation: 'add', modification: new Attribute({ type: 'schemaUpdateNow', values: ['1'] }) }));
    // Samba only stores a DN value that points at an existing object, so give homeMDB a target
    // shaped like Exchange's (plain containers standing in for the organisation and database).
    const parts = MAILBOX_DATABASE_DN.split(',');
    const configIndex = parts.findIndex((p) => p === 'CN=Services');
    for (let i = configIndex - 1; i >= 0; i -= 1) {
      await client.add(parts.slice(i).join(','), { objectClass: ['top', 'container'], cn: parts[i].slice(3) }).catch((err) => {
        if (!(err instanceof AlreadyExistsError)) throw err;
      });
    }
  } catch (err) {
    throw new LabDcError(`extending the schema failed: ${err.message}`);
  } finally {
    await client.unbind().catch(() => {});
  }
  fs.writeFileSync(SCHEMA_MARK, JSON.stringify({ attributes: EXCHANGE_ATTRIBUTES.map((a) => a.lDAPDisplayName), at: new Date().toISOString() }) + '\n');
}

/**
 * The lab marker: this DC is the lab's own, so the app's lab mode may seed it. On a DC provisioned
 * before markers existed, the users and OUs created after provisioning (by the lab and its tests;
 * the DC was never anything else) are tagged as lab objects, so the lab may clean them up.
 */
async function ensureLabMarker() {
  if (isForeign() || fs.existsSync(LAB_MARKER_MARK)) return;
  const client = new Client({ url: URL, timeout: 30_000, connectTimeout: 5000, tlsOptions: tlsOptions() });
  try {
    await client.bind(BIND_DN, readPassword());
    const provisionedAt = JSON.parse(fs.readFileSync(PROVISIONED_MARK, 'utf8')).at;
    const since = `${provisionedAt.replace(/[-:T]/g, '').slice(0, 14)}.0Z`;
    const { searchEntries } = await client.search(BASE_DN, {
      filter: `(&(|(&(objectCategory=person)(objectClass=user))(objectClass=organizationalUnit))(whenCreated>=${since})(!(adminDescription=*)))`,
      attributes: ['1.1'],
    });
    for (const e of searchEntries) {
      // As the app tags what it creates (electron/directory/lab-marker.ts): uid survives a delete.
      const isOu = e.dn.toUpperCase().startsWith('OU=');
      for (const type of isOu ? ['adminDescription'] : ['adminDescription', 'uid']) {
        await client.modify(e.dn, new Change({ operation: 'replace', modification: new Attribute({ type, values: [LAB_OBJECT_TAG] }) }));
      }
    }
    await client
      .add(LAB_MARKER_DN, { objectClass: ['top', 'container'], cn: LAB_MARKER_DN.split(',')[0].slice(3), adminDescription: LAB_MARKER_VALUE })
      .catch((err) => {
        if (!(err instanceof AlreadyExistsError)) throw err;
      });
    if (searchEntries.length) say(`tagged ${searchEntries.length} earlier lab objects`);
  } catch (err) {
    throw new LabDcError(`writing the lab marker failed: ${err.message}`);
  } finally {
    await client.unbind().catch(() => {});
  }
  fs.writeFileSync(LAB_MARKER_MARK, JSON.stringify({ dn: LAB_MARKER_DN, at: new Date().toISOString() }) + '\n');
}

async function ensure(foreign) {
  if (isProvisioned() && isForeign() !== foreign) {
    throw new LabDcError(`${DIR} was provisioned ${isForeign() ? 'with' : 'without'} --foreign; use another LAB_DC_DIR or destroy it`, 2);
  }
  const marked = isForeign() || fs.existsSync(LAB_MARKER_MARK);
  // Fast path, no lock: already up and healthy.
  if (isProvisioned() && fs.existsSync(SCHEMA_MARK) && marked && ourSambaPid() && (await probe()).ok) return;
  await withLock(async () => {
    await ensureInstalled();
    if (!isProvisioned()) await provision(foreign);
    const pid = ourSambaPid();
    if (pid) {
      const p = await probe();
      if (!p.ok) {
        say(`samba (pid ${pid}) is running but not answering (${p.reason}); restarting it`);
        await stopPid(pid);
        await start();
      }
    } else {
      fs.rmSync(PID_FILE, { force: true });
      await start();
    }
    await extendSchema();
    await ensureLabMarker();
  });
}

async function stopPid(pid) {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    say(`samba (pid ${pid}) ignored SIGTERM; sending SIGKILL`);
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
  fs.rmSync(PID_FILE, { force: true });
}

async function stop() {
  if (!fs.existsSync(DIR)) return say('not provisioned; nothing to stop');
  await withLock(async () => {
    const pid = ourSambaPid();
    if (!pid) {
      fs.rmSync(PID_FILE, { force: true });
      return say('not running');
    }
    await stopPid(pid);
    say(`stopped samba (pid ${pid})`);
  });
}

async function destroy() {
  if (!fs.existsSync(DIR)) return say('nothing to destroy');
  await stop();
  fs.rmSync(DIR, { recursive: true, force: true });
  say(`deleted ${DIR}`);
}

async function status() {
  if (!isProvisioned()) return { state: 'not-provisioned', pid: null, url: URL, dir: DIR };
  const pid = ourSambaPid();
  if (!pid) return { state: 'stopped', pid: null, url: URL, dir: DIR };
  const p = await probe();
  return p.ok ? { state: 'running', pid, url: URL, dir: DIR } : { state: 'unhealthy', pid, url: URL, dir: DIR, reason: p.reason };
}

async function main(argv) {
  const [command, ...rest] = argv;
  quiet = rest.includes('--quiet');
  const print = (doc) => process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  switch (command) {
    case 'ensure': {
      const t0 = Date.now();
      await ensure(rest.includes('--foreign'));
      say(`ready at ${URL} (${Date.now() - t0} ms)`);
      print(envDocument({ running: true }));
      return 0;
    }
    case 'env':
      if (!isProvisioned()) throw new LabDcError('the lab DC is not provisioned yet; run scripts/lab-dc.sh ensure', 2);
      print(envDocument({ showPassword: rest.includes('--show-password'), running: ourSambaPid() !== null }));
      return 0;
    case 'status': {
      const s = await status();
      print(s);
      return s.state === 'running' ? 0 : 3;
    }
    case 'stop':
      await stop();
      return 0;
    case 'destroy':
      await destroy();
      return 0;
    default:
      process.stderr.write('usage: scripts/lab-dc.sh ensure [--foreign] [--quiet] | env [--show-password] | status | stop | destroy\n');
      return 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`lab-dc: ${err instanceof LabDcError ? err.message : err.stack}\n`);
    process.exit(err instanceof LabDcError ? err.exitCode : 1);
  },
);
