import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ActivityPolicy } from '../../../src/resilience/policies';

const workflowsDir = path.join(__dirname, '../../../src/workflows');

/** The text of each `proxyActivities(...)` / `proxyLocalActivities(...)` argument, parentheses balanced. */
function proxiedOptions(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/proxy(?:Local)?Activities(?:<[^>]+>)?\(/g)) {
    let depth = 1;
    let i = match.index! + match[0].length;
    const start = i;
    for (; i < source.length && depth > 0; i++) {
      if (source[i] === '(') depth++;
      if (source[i] === ')') depth--;
    }
    found.push(
      source
        .slice(start, i - 1)
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  return found;
}

describe('activity policies', () => {
  it.each(Object.entries(ActivityPolicy))(
    'when policy %s is used, then it bounds every attempt with a timeout',
    (_name, policy) => {
      expect('startToCloseTimeout' in policy || 'scheduleToCloseTimeout' in policy).toBe(true);
    },
  );

  it('when a workflow proxies activities, then it uses a named policy as it is, or only adds a task queue', () => {
    const proxies = readdirSync(workflowsDir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        proxiedOptions(readFileSync(path.join(workflowsDir, file), 'utf8')).map((arg) => ({ file, arg })),
      );
    expect(proxies.length).toBeGreaterThan(0);
    const named = /^ActivityPolicy\.(\w+),?$/;
    const withQueue = /^\{ \.\.\.ActivityPolicy\.(\w+), taskQueue: [^,]+,? \}$/;
    for (const { file, arg } of proxies) {
      const policy = arg.match(named)?.[1] ?? arg.match(withQueue)?.[1];
      expect({ file, arg, policy }).toEqual({ file, arg, policy: expect.any(String) });
      expect(Object.keys(ActivityPolicy)).toContain(policy);
    }
  });
});
