// Issue 14 through the language server (`certwright lsp --stdio`, the process every editor runs):
// hovers on Vault role lines (scripts, Terraform) and openssl extension lines, the same text
// `pkiHoverAt` gives the CLI's tests, served for files that are not YAML.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, uri } from '../support/lsp-client';
import { ROOT } from './helpers';

describe('language server: PKI hovers in scripts, openssl extension files and Terraform', () => {
  let root: string;
  let c: LspClient;
  const file = (name: string) => join(root, name);

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'certwright-lsp-pki-'));
    cpSync(join(ROOT, 'test', 'fixtures', 'lsp-pki'), root, { recursive: true });
    c = new LspClient({ root, repo: ROOT, configuration: {} });
    await c.initialize();
    await c.until(() => c.progress.some((p) => p.value.kind === 'end'), 'the initial scan');
  });

  after(async () => {
    assert.equal(await c.shutdown(), 0);
    rmSync(root, { recursive: true, force: true });
  });

  const hover = async (name: string, line: number, character: number) => {
    await c.open(file(name), readFileSync(file(name), 'utf8'));
    return c.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', { textDocument: { uri: uri(file(name)) }, position: { line, character } });
  };

  test('a vault write role line (setup.sh): the parsed role, the names it admits, its real TTL, flags and the Certificates using it', async () => {
    const h = await hover('setup.sh', 3, 15); // on pki_int/roles/services
    assert.ok(h, 'a hover');
    assert.equal(h.contents.kind, 'markdown');
    const v = h.contents.value;
    assert.match(v, /^\*\*Vault role `pki_int\/roles\/services`\*\*/);
    assert.match(v, /Admits: any name below svc\.cluster\.local \(allow_subdomains\); localhost\./);
    assert.match(v, /Longest certificate: 1 day \(the role's max_ttl 1 day\)\./);
    assert.match(v, /EKU: serverAuth yes, clientAuth yes\. Common name required: no\./);
    assert.match(v, /Used by ClusterIssuer `vault`:\n- Certificate `prod\/orders` \(ClusterIssuer `vault`, `[^`]*issuer\.yaml`\)/);
    // A field of the role (allow_subdomains, two lines below) is part of the role line too.
    assert.match((await hover('setup.sh', 5, 4))!.contents.value, /Vault role `pki_int\/roles\/services`/);
  });

  test('an openssl extension line (server.ext): what it means and what Go and openssl do with it', async () => {
    const eku = await hover('server.ext', 1, 3);
    assert.match(eku!.contents.value, /^`extendedKeyUsage`: what the certificate is for\. `serverAuth` for servers, `clientAuth` for mTLS clients\. Go and openssl refuse/);
    const dns = await hover('server.ext', 5, 2);
    assert.match(dns!.contents.value, /`DNS\.1`: a subjectAltName entry of \[alt_names\] \(a host name clients may dial, no scheme or port\)/);
    // The section header line holds no extension: no hover.
    assert.equal(await hover('server.ext', 4, 3), null);
  });

  test('a Terraform role (pki.tf): the role as Vault reads it', async () => {
    const h = await hover('pki.tf', 2, 24); // name = "mesh"
    assert.match(h!.contents.value, /^\*\*Vault role `pki_mesh\/roles\/mesh`\*\*/);
    assert.match(h!.contents.value, /Admits: any name below mesh\.svc\.cluster\.local \(allow_subdomains\)/);
    assert.match(h!.contents.value, /Longest certificate: 1 day/);
  });

  test('a plain command line of a script: no hover', async () => {
    assert.equal(await hover('setup.sh', 1, 3), null);
  });

  test('a Vault Agent template (agent.hcl): pkiCert names the role it goes through; a role the workspace lacks says so', async () => {
    const h = await hover('agent.hcl', 3, 25); // inside "pki_int/issue/services"
    assert.match(h!.contents.value, /^Requests a certificate through `pki_int\/issue\/services`, defined in `[^`]*setup\.sh`:\n\n\*\*Vault role `pki_int\/roles\/services`\*\*/);
    assert.match(h!.contents.value, /Longest certificate: 1 day \(the role's max_ttl 1 day\)\./);
    const none = await hover('agent.hcl', 4, 22); // inside "pki_int/issue/billing"
    assert.match(none!.contents.value, /^Requests a certificate through `pki_int\/issue\/billing`: no one Vault role `billing` is defined in the workspace/);
    assert.equal(await hover('agent.hcl', 7, 5), null); // destination = ...
  });

  test('a vault write issue line (issue.bash): the role it goes through', async () => {
    const h = await hover('issue.bash', 1, 20); // on pki_int/issue/services
    assert.match(h!.contents.value, /^Requests a certificate through `pki_int\/issue\/services`, defined in `[^`]*setup\.sh`/);
    assert.match(h!.contents.value, /Admits: any name below svc\.cluster\.local \(allow_subdomains\); localhost\./);
  });

  test('openssl configs (ca.cnf, openssl-client.conf): extension lines hover, other lines do not', async () => {
    assert.match((await hover('ca.cnf', 7, 2))!.contents.value, /^`basicConstraints`: whether the certificate is a CA/);
    assert.match((await hover('ca.cnf', 8, 12))!.contents.value, /^`keyUsage`: what the key may do/);
    assert.equal(await hover('ca.cnf', 1, 3), null); // distinguished_name
    assert.match((await hover('openssl-client.conf', 1, 4))!.contents.value, /^`extendedKeyUsage`: what the certificate is for/);
  });
});
