/**
 * Jest schedules by the durations of the previous run, and a first run (a
 * fresh clone, as in CI) has none: it would start the long files late, and
 * one worker would finish them alone. These files wait on Terraform, npm pack
 * and the CDKTF CLI for most of their time; they start first, the rest as jest
 * orders them.
 */
const Sequencer = require("@jest/test-sequencer").default;

const SLOW_FIRST = ["synth/terraform.integration.test.ts", "modules/networks.integration.test.ts", "stacks/cdktf-synth.integration.test.ts", "stacks/cdktf-list.integration.test.ts"];

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (t) => {
      const i = SLOW_FIRST.findIndex((s) => t.path.endsWith(s));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    const sorted = super.sort(tests);
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirstSequencer;
