/**
 * The scanner's throughput, recall and precision in a fresh process: prints the Measure[] as one
 * JSON line. Like the exports, it runs apart from the bench's own process, so that the figures are
 * the scanner's and not those of a heap grown by the databases and exports measured before it.
 */
import { measurePhi } from '../phi';

process.stdout.write(JSON.stringify(await measurePhi()) + '\n');
