/** One problem with the configuration: the key (environment variable or YAML path) and what is wrong. */
export interface ConfigIssue {
  key: string;
  message: string;
}

/** Start-up configuration is invalid; carries every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(
    readonly issues: ConfigIssue[],
    readonly configFile?: string,
  ) {
    super(
      `Configuration has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n` +
        issues.map((issue) => `  - ${issue.key}: ${issue.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
