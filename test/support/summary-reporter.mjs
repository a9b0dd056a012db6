// Ends the run with one plain line, "N passed, N failed, N skipped", for tools that read a closing summary.
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stderr.write(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`,
    );
  }
}
