/**
 * The SACRO registry of CT-guided sacroplasty (protocol.md). The definition is the study file
 * shared/studies/sacro.json, checked by the same schema as any study file a site loads.
 */
import type { ProtocolInput } from '../protocol/schema';
import SACRO_FILE from './sacro.json';

// JSON types its strings as string, not as the schema's literals: loadProtocol checks it all.
export const SACRO = SACRO_FILE as unknown as ProtocolInput;
