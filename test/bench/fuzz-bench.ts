// The fuzzing benchmark: 2,000 inputs per parser path from a fixed seed; prints per-target stats
// as JSON (failures counted, never saved: `npm run fuzz` saves regression inputs).
import { fuzzTarget } from '../fuzz/harness';
import { TARGETS } from '../fuzz/targets';

const stats = TARGETS.map((t) => fuzzTarget(t, 2000, 424242, 100, () => {}));
process.stdout.write(JSON.stringify(stats) + '\n');
