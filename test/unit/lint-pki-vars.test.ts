// Shell variables followed into openssl configs written by heredocs (issue 14): what a script
// sets plainly is read (`SERVICE=orders`, `NAMESPACE="prod"`, `export X=y`, set before use and
// never again to something else), in unquoted heredocs only; anything else (`$1`, `$(...)`,
// loops, if/case/function bodies, `&&`/`||`, the environment) is unknown and never reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintTexts, Workspace } from '../../src/core/lint/index';
import { pkiHoverAt } from '../../src/core/lint/rules/pki';
import { parseOpensslConf, sanItems } from '../../src/core/lint/openssl-conf';
import { heredocText, parseScript } from '../../src/core/lint/shell';
import { HEREDOC_VAR_FAILS, HEREDOC_VAR_PASSES, heredocScript, SERVED, VAULT_ISSUER, vaultCert, vaultTutorial } from './lint-pki-cases';

test('shell reader: only plainly set variables are known, and only after they are set', () => {
  const text = [
    'echo "$EARLY"', 'EARLY=x', 'SERVICE=orders', 'export NAMESPACE=prod', 'export SERVICE', 'readonly NAMESPACE',
    'if [ -z "$DOMAIN" ]; then DOMAIN=example.com; fi', '[ -n "$X" ] || X=fallback', 'Y=ok && Z=maybe', 'for s in a b; do LOOPED=$s; done',
    'f() { INFUNC=1; }', 'function g {', '  INFUNC2=1', '}', 'case "$1" in a) INCASE=1;; esac', 'HOST=$(hostname)', 'ARG=${1}', 'ALL=$@', 'DEF=${D:-d}',
    'ls | PIPED=1', 'local LOC=1', 'AFTER=ok', 'echo "$EARLY $SERVICE.$NAMESPACE $AFTER"',
  ].join('\n');
  const s = parseScript(text);
  assert.deepEqual([...s.vars.keys()], ['EARLY', 'SERVICE', 'NAMESPACE', 'Y', 'AFTER']);
  const echoes = s.commands.filter((c) => c.words[0]?.value === 'echo');
  assert.deepEqual(echoes.map((c) => [c.words[1].value, c.words[1].unknown]), [['?', true], ['x orders.prod ok', false]]);
  assert.equal(s.valueAt('EARLY', text.indexOf('EARLY=x')), undefined, 'read before it is set: the environment');
  assert.equal(s.valueAt('EARLY', text.length), 'x');
});

test('heredoc text: an unquoted delimiter expands plain variables (each character mapped back), keeps the rest as written; a quoted one expands nothing', () => {
  const body = ['DNS.1 = ${SERVICE}.${NAMESPACE}.svc', 'CN = $SERVICE', 'IP.1 = $(hostname -i)', 'X = ${1} $@ ${U:-d} \\$dir `date` $UNSET', ''].join('\n');
  const text = `SERVICE=orders\nNAMESPACE="prod"\ncat > openssl.cnf <<EOF\n${body}EOF\ncat > literal.cnf <<'EOF'\n${body}EOF\n`;
  const s = parseScript(text);
  const [open, quoted] = s.heredocs;
  const x = heredocText(s, text, open);
  assert.equal(x.text, ['DNS.1 = orders.prod.svc', 'CN = orders', 'IP.1 = $(hostname -i)', 'X = ${1} $@ ${U:-d} $dir $`date` $UNSET', ''].join('\n'));
  // "orders" maps to `${SERVICE}`, ".svc" to itself.
  const at = (i: number) => text.slice(x.from[i], x.to[i]);
  assert.equal(at(x.text.indexOf('orders')), '${SERVICE}');
  assert.equal(at(x.text.indexOf('prod')), '${NAMESPACE}');
  assert.equal(at(x.text.indexOf('.svc') + 1), 's');
  assert.equal(heredocText(s, text, quoted).text, body);
  // The config read from it: known entries are values, the rest unknown; ranges in the script.
  const conf = parseOpensslConf(x.text, open.start, x);
  const e = conf.sections.get('')!.entries;
  assert.deepEqual(e.map((v) => [v.key, v.value, v.unknown, text.slice(v.start, v.end)]), [
    ['DNS.1', 'orders.prod.svc', false, '${SERVICE}.${NAMESPACE}.svc'], ['CN', 'orders', false, '$SERVICE'],
    ['IP.1', '$(hostname -i)', true, '$(hostname -i)'], ['X', '${1} $@ ${U:-d} $dir $`date` $UNSET', true, '${1} $@ ${U:-d} \\$dir `date` $UNSET'],
  ]);
});

test('inline subjectAltName through variables: each item ranged on the text that made it', () => {
  const text = 'A=orders\nB=prod\ncat > x.ext <<EOF\nsubjectAltName = DNS:${A}, DNS:$A.$B.svc, IP:${BAD}\nEOF\n';
  const s = parseScript(text);
  const x = heredocText(s, text, s.heredocs[0]);
  const conf = parseOpensslConf(x.text, s.heredocs[0].start, x);
  const san = conf.sections.get('')!.entries[0];
  const { items } = sanItems(conf, san);
  assert.deepEqual(items.map((i) => [i.type, i.value, text.slice(i.start, i.end)]), [['DNS', 'orders', '${A}'], ['DNS', 'orders.prod.svc', '$A.$B.svc'], ['IP', '${BAD}', '${BAD}']]);
});

test('a finding through followed variables names the values (the names the certificate really gets)', () => {
  const files = [heredocScript('SERVICE=orders\nNAMESPACE="prod"', 'DNS.1 = ${SERVICE}\nDNS.2 = ${SERVICE}.${NAMESPACE}.svc'), { path: 'k8s/orders.yaml', text: SERVED }];
  const f = lintTexts(files).filter((x) => x.code === 'san-service-coverage');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /does not cover "orders\.prod", "orders\.prod\.svc\.cluster\.local".*valid for orders, orders\.prod\.svc, not orders\.prod"/);
  const syntax = lintTexts([heredocScript('SERVICE=orders\nNAMESPACE="prod"', 'DNS.1 = $SERVICE.$NAMESPACE.svc:8443')]).filter((x) => x.code === 'openssl-san-syntax');
  assert.deepEqual(syntax.map((x) => x.message), ['DNS: "orders.prod.svc:8443" has a port: a DNS entry is a bare host name.']);
});

test('what is not plainly set stays unknown: no finding at all on any of those scripts', () => {
  assert.ok(HEREDOC_VAR_PASSES.length >= 30 && HEREDOC_VAR_FAILS.length >= 5);
  for (const c of HEREDOC_VAR_PASSES) {
    const found = lintTexts(c.files).filter((f) => f.file.startsWith('scripts/'));
    assert.deepEqual(found.map((f) => `${f.code}: ${f.message}`), [], c.name);
  }
});

test('quick fixes of weak keys and digests in scripts: only where the script writes the value literally', () => {
  const literal = lintTexts([{ path: 's.sh', text: '#!/bin/sh\nopenssl genrsa -out k 1024\n' }]).find((f) => f.code === 'openssl-weak-key')!;
  assert.deepEqual(literal.fixes?.map((x) => [x.title, x.edits.map((e) => e.newText)]), [['Change to 2048', ['2048']]]);
  // Through a variable (and in a quoted word): the finding, no edit of the `$BITS` it came from.
  for (const text of ['#!/bin/sh\nBITS=1024\nopenssl genrsa -out k $BITS\n', '#!/bin/sh\nMD=-sha1\nopenssl x509 -req -in c -CA ca.crt -CAkey ca.key -out x $MD -extfile x.ext\n']) {
    const f = lintTexts([{ path: 's.sh', text }]).filter((x) => x.code.startsWith('openssl-weak-'));
    assert.equal(f.length, 1, text);
    assert.equal(f[0].fixes, undefined, text);
  }
  // In a heredoc config too: CA:TRUE from `${BC}` is reported on `${BC}`, with no edit of it.
  const ca = lintTexts([{ path: 's.sh', text: '#!/bin/sh\nBC="CA:TRUE"\ncat > leaf.ext <<EOF\nbasicConstraints = ${BC}\nsubjectAltName = DNS:orders\nEOF\n' }]).filter((x) => x.code === 'openssl-leaf-is-ca');
  assert.deepEqual(ca.map((x) => x.fixes), [undefined]);
});

test('hostile heredocs (unterminated ${, $(, backticks, thousands of variables) return, and lint returns', () => {
  const vars = Array.from({ length: 3000 }, (_, i) => `V${i}=x${i}`).join('\n');
  const bodies = ['${'.repeat(50_000), '$('.repeat(50_000), '`'.repeat(50_001), `DNS.1 = ${Array.from({ length: 3000 }, (_, i) => `\${V${i}}`).join('.')}\n`.repeat(20), '\\$'.repeat(50_000)];
  for (const body of bodies) {
    const text = `${vars}\ncat > x.cnf <<EOF\n[ alt_names ]\n${body}\nEOF\n}\n)\n`;
    const s = parseScript(text);
    assert.equal(s.heredocs.length, 1);
    const x = heredocText(s, text, s.heredocs[0]);
    assert.equal(x.from.length, x.text.length);
    assert.ok(Array.isArray(lintTexts([{ path: 'x.sh', text }])));
  }
});

test('vault-ttl-exceeds-ca: an intermediate signed for 48h by its root caps what the role can issue; the finding points at the CA ttl', () => {
  const files = [{ path: 'vault/setup.sh', text: `#!/bin/bash\n${vaultTutorial('48h', '72h')}` }, { path: 'k8s/issuer.yaml', text: VAULT_ISSUER }, { path: 'k8s/cert.yaml', text: vaultCert('  duration: 720h\n  dnsNames:\n    - orders.prod.svc.cluster.local\n') }];
  const f = lintTexts(files).filter((x) => x.code === 'vault-ttl-exceeds-ca');
  assert.equal(f.length, 1);
  assert.equal(f[0].message, 'duration 720h (cut to 3 days by the role\'s max_ttl 3 days) outlives the CA of mount pki_int (valid 2 days, signed by pki): Vault refuses to issue it ("cannot satisfy request, as TTL would result in notAfter ... beyond the expiration of the CA certificate"). Ask for at most 2 days, or issue the CA with a longer ttl.');
  assert.deepEqual(f[0].related?.map((r) => `${r.file}:${r.line + 1} ${r.message}`), ['vault/setup.sh:8 The CA certificate of mount pki_int (ttl 48h)', 'vault/setup.sh:10 The Vault role pki_int/roles/services', 'k8s/issuer.yaml:8 ClusterIssuer vault signs through it']);
});

test('the role hover says how long the CA of its mount is valid, and that Vault refuses longer certificates', () => {
  const text = `#!/bin/bash\n${vaultTutorial('48h', '72h')}`;
  const ws = new Workspace([{ path: 'vault/setup.sh', text }]);
  const h = pkiHoverAt(ws, 'vault/setup.sh', text.indexOf('pki_int/roles/services') + 3)!;
  assert.match(h, /Longest certificate: 3 days \(the role's max_ttl 3 days\)\. The CA of mount pki_int is valid 2 days \(signed by pki\): Vault refuses certificates that would outlive it\./);
  const ok = `#!/bin/bash\n${vaultTutorial('43800h', '720h')}`;
  const h2 = pkiHoverAt(new Workspace([{ path: 'vault/setup.sh', text: ok }]), 'vault/setup.sh', ok.indexOf('pki_int/roles/services') + 3)!;
  assert.match(h2, /Longest certificate: 30 days \(the role's max_ttl 30 days\)\. The CA of mount pki_int is valid 1825 days \(signed by pki\)\.\n/);
});
