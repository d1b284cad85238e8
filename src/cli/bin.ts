// The `certwright` executable's full bundle (dist/cli-main.js, loaded by dist/cli.js): runs
// main() with the process's arguments and streams.
import { main } from './main';
import { runProcess } from './process-io';

runProcess(main);
