/**
 * The seed procedure's static network config as NMState YAML: one ethernet interface with one
 * IPv4 address, a DNS server and a default route through the gateway on that interface.
 */
export function staticNmstateYaml(options: { ip: string; prefix: number; gateway: string; dns: string; interfaceName?: string }): string {
  const iface = options.interfaceName ?? 'eno1';
  return `interfaces:
- name: ${iface}
  type: ethernet
  state: up
  ipv4:
    address:
    - ip: ${options.ip}
      prefix-length: ${options.prefix}
    enabled: true
dns-resolver:
  config:
    server:
    - ${options.dns}
routes:
  config:
  - destination: 0.0.0.0/0
    next-hop-address: ${options.gateway}
    next-hop-interface: ${iface}
`;
}
