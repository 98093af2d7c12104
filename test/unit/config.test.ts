import { ConfigError, loadConfig, starterEnvSchema } from '../../src/config';

describe('configuration', () => {
  it('when required secrets are missing, then start-up stops with a message naming each variable', () => {
    expect(() => loadConfig(starterEnvSchema, {})).toThrow(ConfigError);
    expect(() => loadConfig(starterEnvSchema, {})).toThrow(/STARTER_API_TOKEN[\s\S]*REQUEST_FINGERPRINT_KEY/);
  });

  it('when the environment is valid, then defaults fill in and the result is frozen', () => {
    const config = loadConfig(starterEnvSchema, {
      STARTER_API_TOKEN: 'x'.repeat(32),
      REQUEST_FINGERPRINT_KEY: 'y'.repeat(32),
      ENCOMPASS_WEBHOOK_SIGNING_KEY: 'z'.repeat(32),
      STARTER_PORT: '8080',
    });
    expect(config).toMatchObject({
      STARTER_PORT: 8080,
      TEMPORAL_ADDRESS: 'localhost:7233',
      TEMPORAL_TASK_QUEUE: 'inflooens',
    });
    expect(Object.isFrozen(config)).toBe(true);
  });
});
