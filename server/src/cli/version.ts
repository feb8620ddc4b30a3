/** The version printed by `aisec --version` and written into JSON and SARIF reports. */
import { version } from '../../../package.json';

export const VERSION: string = version;
