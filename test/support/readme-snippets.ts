/**
 * Turns a package README's ```ts blocks into one TypeScript module, so a test can type-check the README's examples
 * against the packed package. The blocks are read in order as one program (a later block may use what an earlier
 * one declared); their `import` declarations are hoisted and merged per module, so two blocks may import the same
 * name. A block fenced as ```ts ignore is left out (for fragments that are not meant to compile on their own).
 */
const FENCE = /^```ts([^\n]*)\n([\s\S]*?)^```$/gm;
const IMPORT = /^import\s+(type\s+)?(?:\{([^}]*)\}|(\*\s+as\s+\w+)|(\w+))\s+from\s+'([^']+)';?[ \t]*$/gm;

/** The ```ts blocks of a Markdown document, in order, without those fenced ```ts ignore. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(FENCE)].filter((m) => !/\bignore\b/.test(m[1] ?? '')).map((m) => m[2] ?? '');
}

/** One module from the blocks: merged imports first, then each block's remaining code, in order. */
export function snippetModule(blocks: readonly string[]): string {
  const named = new Map<string, Set<string>>();
  const whole: string[] = [];
  const bodies: string[] = [];
  for (const block of blocks) {
    bodies.push(
      block.replace(
        IMPORT,
        (statement, typeOnly: string | undefined, names: string | undefined, star, def, from) => {
          if (names === undefined) {
            if (!whole.includes(statement)) whole.push(statement);
            return '';
          }
          const set = named.get(from) ?? new Set<string>();
          for (const raw of names.split(',')) {
            const name = raw.trim();
            if (name) set.add(typeOnly && !name.startsWith('type ') ? `type ${name}` : name);
          }
          named.set(from, set);
          void star;
          void def;
          return '';
        },
      ),
    );
  }
  const imports = [...named].map(([from, names]) => {
    // A name imported both as a type and as a value is imported once, as a value.
    const values = new Set([...names].filter((n) => !n.startsWith('type ')));
    const types = [...names].filter((n) => n.startsWith('type ') && !values.has(n.slice(5)));
    return `import { ${[...values, ...types].join(', ')} } from '${from}';`;
  });
  return [...whole, ...imports, 'export {};', ...bodies].join('\n');
}
