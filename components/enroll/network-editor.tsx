'use client';

import { useMemo, useState } from 'react';
import { CheckboxField, FieldError, TextField } from '@/components/ui/field';
import { YamlEditor } from '@/components/ui/yaml-editor';
import { type FamilyForm, type NetworkForm, applyFormToNmstate, emptyInterface, formFieldOfIssue, formFromNmstate } from '@/lib/nmstate/form';
import { validateNmstate } from '@/lib/nmstate/validate';

const splitList = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The static network config, as a form and as NMState YAML: two views of one document. The YAML
 * is the source of truth; the form reads from it and writes into it.
 */
export function NetworkEditor({
  value,
  onChange,
  showErrors,
  ipConflicts,
}: {
  value: string;
  onChange: (yamlText: string) => void;
  showErrors: boolean;
  /** Server-found conflicts by IP address ("… is the InternalIP of node …"). */
  ipConflicts: Record<string, string>;
}) {
  const [view, setView] = useState<'form' | 'yaml'>('form');
  const [dnsText, setDnsText] = useState<string | null>(null);
  const parsed = useMemo(() => formFromNmstate(value), [value]);
  const issues = useMemo(() => validateNmstate(value).issues, [value]);

  const fieldErrors: Record<string, string> = {};
  const yamlOnly: string[] = [];
  for (const issue of issues) {
    const field = formFieldOfIssue(issue, value);
    if (field) fieldErrors[field] ??= issue.message;
    else yamlOnly.push(issue.line ? `Line ${issue.line}: ${issue.message}` : issue.message);
  }
  const shownError = (field: string) => (showErrors ? fieldErrors[field] : undefined);

  const write = (form: NetworkForm) => onChange(applyFormToNmstate(value, form));

  function familyFields(form: NetworkForm, index: number, key: 'ipv4' | 'ipv6') {
    const iface = form.interfaces[index];
    if (!iface) return null;
    const family: FamilyForm = iface[key];
    const label = key === 'ipv4' ? 'IPv4' : 'IPv6';
    const id = `net-if${index}-${key}`;
    const setFamily = (next: Partial<FamilyForm>) =>
      write({ ...form, interfaces: form.interfaces.map((it, i) => (i === index ? { ...it, [key]: { ...family, ...next } } : it)) });
    const conflict = family.enabled ? ipConflicts[family.address.trim()] : undefined;
    return (
      <fieldset className="space-y-2 rounded border border-slate-200 p-2">
        <legend className="px-1 text-sm font-medium">
          {label} of {iface.name || `interface ${index + 1}`}
        </legend>
        <CheckboxField id={`${id}-enabled`} label={`Static ${label} address`} checked={family.enabled} onChange={(enabled) => setFamily({ enabled })} />
        {family.enabled ? (
          <div className="grid grid-cols-[1fr_8rem] gap-2">
            <TextField
              id={`${id}-address`}
              label={`${label} address`}
              mono
              value={family.address}
              onChange={(address) => setFamily({ address })}
              error={conflict ?? shownError(`interfaces.${index}.${key}.address`)}
            />
            <TextField id={`${id}-prefix`} label="Prefix length" mono value={family.prefix} onChange={(prefix) => setFamily({ prefix })} error={shownError(`interfaces.${index}.${key}.prefix`)} />
          </div>
        ) : null}
      </fieldset>
    );
  }

  return (
    <section aria-labelledby="network-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="network-heading" className="font-semibold">
          Static network (NMState)
        </h3>
        <div role="group" aria-label="Network view" className="flex gap-1">
          {(['form', 'yaml'] as const).map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={view === option}
              onClick={() => setView(option)}
              className={`rounded border px-3 py-1 text-sm ${view === option ? 'border-slate-900 bg-slate-900 text-white' : 'border-slate-400'}`}
            >
              {option === 'form' ? 'Form view' : 'YAML view'}
            </button>
          ))}
        </div>
      </div>

      {view === 'yaml' ? (
        <div className="space-y-1">
          <p id="network-yaml-label" className="text-sm font-medium">
            NMState YAML
          </p>
          <YamlEditor value={value} onChange={onChange} labelledBy="network-yaml-label" describedBy="network-yaml-problems" invalid={issues.length > 0} />
          <ul id="network-yaml-problems" aria-label="Problems in the network YAML" className="space-y-1 text-sm text-red-800">
            {(showErrors || issues.length > 0 ? issues : []).map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                <span aria-hidden="true">✖ </span>
                {issue.line ? `Line ${issue.line}: ` : ''}
                {issue.message}
              </li>
            ))}
            {Object.values(ipConflicts).map((message) => (
              <li key={message}>
                <span aria-hidden="true">✖ </span>
                {message}
              </li>
            ))}
          </ul>
        </div>
      ) : 'error' in parsed ? (
        <p role="alert" className="text-sm text-red-800">
          {parsed.error}
        </p>
      ) : (
        <div className="space-y-3">
          {parsed.form.interfaces.map((iface, index) => (
            <fieldset key={iface.source ?? `new-${index}`} className="space-y-2 rounded border border-slate-300 p-3">
              <legend className="px-1 text-sm font-semibold">Interface {index + 1}</legend>
              <TextField
                id={`net-if${index}-name`}
                label={`Name of interface ${index + 1}`}
                hint="As the host names it, e.g. eno1 (at most 15 characters). Type: ethernet."
                mono
                value={iface.name}
                onChange={(name) => write({ ...parsed.form, interfaces: parsed.form.interfaces.map((it, i) => (i === index ? { ...it, name } : it)) })}
                error={shownError(`interfaces.${index}.name`)}
              />
              {familyFields(parsed.form, index, 'ipv4')}
              {familyFields(parsed.form, index, 'ipv6')}
              {parsed.form.interfaces.length > 1 ? (
                <button
                  type="button"
                  onClick={() => write({ ...parsed.form, interfaces: parsed.form.interfaces.filter((_, i) => i !== index) })}
                  className="rounded border border-slate-400 px-3 py-1 text-sm"
                >
                  Remove interface {iface.name || index + 1}
                </button>
              ) : null}
            </fieldset>
          ))}
          <FieldError id="net-interfaces" message={shownError('interfaces')} />
          <button
            type="button"
            onClick={() => write({ ...parsed.form, interfaces: [...parsed.form.interfaces, emptyInterface(`eno${parsed.form.interfaces.length + 1}`)] })}
            className="rounded border border-slate-400 px-3 py-1 text-sm"
          >
            Add interface
          </button>
          <TextField
            id="net-dns"
            label="DNS servers"
            hint="IP addresses, separated by commas."
            mono
            value={dnsText !== null && splitList(dnsText).join() === parsed.form.dnsServers.join() ? dnsText : parsed.form.dnsServers.join(', ')}
            onChange={(text) => {
              setDnsText(text);
              write({ ...parsed.form, dnsServers: splitList(text) });
            }}
            error={shownError('dnsServers')}
          />
          <div className="grid grid-cols-2 gap-2">
            <TextField
              id="net-gateway"
              label="Default route: next hop (gateway)"
              mono
              value={parsed.form.defaultRoute.nextHop}
              onChange={(nextHop) => write({ ...parsed.form, defaultRoute: { ...parsed.form.defaultRoute, nextHop } })}
              error={shownError('defaultRoute.nextHop')}
            />
            <TextField
              id="net-gateway-interface"
              label="Default route: next-hop interface"
              mono
              value={parsed.form.defaultRoute.interface}
              onChange={(name) => write({ ...parsed.form, defaultRoute: { ...parsed.form.defaultRoute, interface: name } })}
              error={shownError('defaultRoute.interface')}
            />
          </div>
          {yamlOnly.length > 0 ? (
            <div className="text-sm text-red-800">
              <p>Problems only the YAML view shows:</p>
              <ul className="list-disc pl-6">
                {yamlOnly.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}
