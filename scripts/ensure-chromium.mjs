// Makes sure the e2e browser exists before Playwright runs: Debian's chromium, because Playwright's
// own browser download cannot reach its host from these machines. Installs it when we are root with
// apt; otherwise stops with one line naming what to install.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const bin = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(bin)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  console.error(
    `e2e: ${bin} is missing. Install Debian's chromium (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
console.log('e2e: installing Debian chromium (apt-get)...');
try {
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core', {
    stdio: 'inherit',
  });
} catch {
  console.error('e2e: apt-get could not install chromium; install it by hand (apt-get install -y chromium).');
  process.exit(1);
}
if (!existsSync(bin)) {
  console.error(`e2e: chromium was installed but ${bin} is still missing; set CHROMIUM_PATH.`);
  process.exit(1);
}
