/**
 * Mocha's spec reporter, plus one plain closing line "N passed, N failed[, N skipped]" that any CI
 * reading test output understands, whatever the runner.
 */
import Mocha from 'mocha';

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const skipped = stats.pending ? `, ${stats.pending} skipped` : '';
      process.stdout.write(`${stats.passes} passed, ${stats.failures} failed${skipped}\n`);
    });
  }
}

export = SpecWithSummary;
