// Certificates for the mutual TLS tests, made with the openssl command line in a temporary
// directory: a CA, a server certificate for 127.0.0.1, a client certificate the CA signed
// (PEM and PKCS#12), and a client certificate of another CA. Not used by the product.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type TestCertificates = {
  dir: string;
  /** Paths of the files in `dir`. */
  paths: { ca: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string; clientPfx: string; rogueCert: string; rogueKey: string };
  ca: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
  clientPfx: Buffer;
  pfxPassphrase: string;
  rogueCert: Buffer;
  rogueKey: Buffer;
  cleanup(): void;
};

export const PFX_PASSPHRASE = "senha-do-pfx";

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** A key pair (EC P-256: quick to make) and a certificate signed by `ca` (or self-signed when null). */
function issue(dir: string, name: string, subject: string, ca: string | null, extensions: string): void {
  openssl(dir, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", `${name}.key`]);
  if (ca === null) {
    openssl(dir, ["req", "-x509", "-new", "-key", `${name}.key`, "-out", `${name}.crt`, "-days", "2", "-subj", subject]);
    return;
  }
  openssl(dir, ["req", "-new", "-key", `${name}.key`, "-out", `${name}.csr`, "-subj", subject]);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ["x509", "-req", "-in", `${name}.csr`, "-CA", `${ca}.crt`, "-CAkey", `${ca}.key`, "-CAcreateserial", "-out", `${name}.crt`, "-days", "2", "-extfile", `${name}.ext`]);
}

/** Makes the certificates (a few hundred milliseconds); `cleanup()` removes them. */
export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "regua-mtls-"));
  issue(dir, "ca", "/CN=Regua Teste AC", null, "");
  issue(dir, "server", "/CN=127.0.0.1", "ca", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  issue(dir, "client", "/CN=regua-cliente-pix", "ca", "extendedKeyUsage=clientAuth\n");
  issue(dir, "rogue-ca", "/CN=Outra AC", null, "");
  issue(dir, "rogue", "/CN=intruso", "rogue-ca", "extendedKeyUsage=clientAuth\n");
  openssl(dir, ["pkcs12", "-export", "-inkey", "client.key", "-in", "client.crt", "-out", "client.p12", "-passout", `pass:${PFX_PASSPHRASE}`]);
  const paths = {
    ca: join(dir, "ca.crt"), serverCert: join(dir, "server.crt"), serverKey: join(dir, "server.key"), clientCert: join(dir, "client.crt"),
    clientKey: join(dir, "client.key"), clientPfx: join(dir, "client.p12"), rogueCert: join(dir, "rogue.crt"), rogueKey: join(dir, "rogue.key"),
  };
  return {
    dir,
    paths,
    ca: readFileSync(paths.ca),
    serverCert: readFileSync(paths.serverCert),
    serverKey: readFileSync(paths.serverKey),
    clientCert: readFileSync(paths.clientCert),
    clientKey: readFileSync(paths.clientKey),
    clientPfx: readFileSync(paths.clientPfx),
    pfxPassphrase: PFX_PASSPHRASE,
    rogueCert: readFileSync(paths.rogueCert),
    rogueKey: readFileSync(paths.rogueKey),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
