// Mocha's spec reporter, followed by the plain `N passed, N failed` line that CI reads.
// (CommonJS because mocha loads reporters with require.)
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats || {};
      const skipped = s.pending ? `, ${s.pending} skipped` : '';
      // Spec prints its epilogue on the same event; ours must come last.
      process.nextTick(() => process.stdout.write(`${s.passes || 0} passed, ${s.failures || 0} failed${skipped}\n`));
    });
  }
}
module.exports = SummaryReporter;
