import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ActivityPolicy } from '../../../src/resilience/policies';

const workflowsDir = path.join(__dirname, '../../../src/workflows');

describe('activity policies', () => {
  it.each(Object.entries(ActivityPolicy))(
    'when policy %s is used, then it bounds every attempt with a timeout',
    (_name, policy) => {
      expect('startToCloseTimeout' in policy || 'scheduleToCloseTimeout' in policy).toBe(true);
    },
  );

  it('when a workflow proxies activities, then it does so only with a named policy', () => {
    const proxies = readdirSync(workflowsDir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => {
        const source = readFileSync(path.join(workflowsDir, file), 'utf8');
        return [...source.matchAll(/proxy(?:Local)?Activities(?:<[^>]+>)?\(([^)]*)\)/g)].map((m) => ({
          file,
          arg: m[1]!.trim(),
        }));
      });
    expect(proxies.length).toBeGreaterThan(0);
    for (const { file, arg } of proxies) {
      expect({ file, arg }).toEqual({ file, arg: expect.stringMatching(/^ActivityPolicy\.\w+$/) });
      expect(Object.keys(ActivityPolicy)).toContain(arg.replace('ActivityPolicy.', ''));
    }
  });
});
