import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MARK = '@@idvkit-bench-result ';

/** Runs `node <this bench's main.js> --child <kind>` with `input` on stdin; resolves to its JSON result. */
export function runChild<I, O>(kind: string, input: I): Promise<O> {
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  return new Promise((resolveResult, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, main, '--child', kind], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, IDVKIT_BENCH: '' },
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (code !== 0 || !line) {
        reject(new Error(`benchmark child "${kind}" exited with ${code}${out ? `:\n${out}` : ''}`));
        return;
      }
      resolveResult(JSON.parse(line.slice(MARK.length)) as O);
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/** The child side: reads the input from stdin, runs `fn`, prints the marked JSON result. */
export async function childMain<I, O>(fn: (input: I) => Promise<O>): Promise<void> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  const result = await fn(JSON.parse(text) as I);
  process.stdout.write(`${MARK}${JSON.stringify(result)}\n`);
}
