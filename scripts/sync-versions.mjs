// After `changeset version`: copies each package's new version from package.json into its src/version.ts
// (`export const VERSION = '…'`, used in the User-Agent), so the two never drift. Tests check they are equal.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
for (const dir of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, dir))) {
    const file = join(root, dir, name, 'src', 'version.ts');
    if (!existsSync(file)) continue;
    const { version } = JSON.parse(readFileSync(join(root, dir, name, 'package.json'), 'utf8'));
    const before = readFileSync(file, 'utf8');
    const after = before.replace(/export const VERSION = '[^']*';/, `export const VERSION = '${version}';`);
    if (after !== before) {
      writeFileSync(file, after);
      console.log(`${dir}/${name}/src/version.ts → ${version}`);
    }
  }
}
