import { stringify } from 'yaml';
import { provisioningManifest } from './provisioning';

/**
 * The Provisioning CR as the seed procedure's provisioning.yaml. Apart from provisioning.ts, which
 * every page's live stream imports: the yaml library would otherwise ride along in the browser
 * bundle of pages that never show YAML (36 kB gzip on the inventory).
 */
export function provisioningYaml(): string {
  return stringify(provisioningManifest());
}
