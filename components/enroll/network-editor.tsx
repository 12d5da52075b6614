'use client';

import { useMemo, useState } from 'react';
import { CheckboxField, FieldError, TextField } from '@/components/ui/field';
import { YamlEditor } from '@/components/ui/yaml-editor';
import { type FamilyForm, type NetworkForm, applyFormToNmstate, emptyInterface, formFromNmstate, renameInterface, unshownSettings } from '@/lib/nmstate/form';
import type { NmstateIssue } from '@/lib/nmstate/validate';

const splitList = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The static network config, as a form and as NMState YAML: two views of one document. The YAML
 * is the source of truth; the form reads from it and writes into it. The YAML editor stays alive
 * while the form is shown, so its undo history survives switching views. Every field reports when
 * it is left (`onTouch`), and shows its problem once the wizard says so (`errorOf`).
 */
export function NetworkEditor({
  value,
  onChange,
  issues,
  errorOf,
  onTouch,
  yamlOnly,
  ipConflicts,
  serverProblem,
  markedLine,
  unchecked,
}: {
  value: string;
  onChange: (yamlText: string) => void;
  /** The document's problems (lib/nmstate/validate.ts), for the YAML view. */
  issues: readonly NmstateIssue[];
  /** The problem shown at a form field (`interfaces.0.ipv4.address`, `dnsServers`, ...), if any. */
  errorOf: (field: string) => string | undefined;
  /** A field was left ('' for the YAML document as a whole). */
  onTouch: (field: string) => void;
  /** Problems only the YAML view can show (shown in the form view too, with their lines). */
  yamlOnly: readonly string[];
  /** Server-found conflicts by IP address ("… is the InternalIP of node …"). */
  ipConflicts: Record<string, string>;
  /** The server's refusal of the whole config (nmstatectl gc's words), shown in both views until the YAML is edited. */
  serverProblem?: string;
  /** The line nmstate names in its refusal, marked in the YAML view. */
  markedLine?: number;
  /** Why nmstate itself cannot check the config on this server (only the console's rules do). */
  unchecked?: string;
}) {
  const [view, setView] = useState<'form' | 'yaml'>('form');
  const [dnsText, setDnsText] = useState<string | null>(null);
  const parsed = useMemo(() => formFromNmstate(value), [value]);
  const unshown = useMemo(() => unshownSettings(value), [value]);
  const write = (form: NetworkForm) => onChange(applyFormToNmstate(value, form));
  const touch = (field: string) => () => onTouch(field);

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
              onBlur={touch(`interfaces.${index}.${key}.address`)}
              error={conflict ?? errorOf(`interfaces.${index}.${key}.address`)}
            />
            <TextField
              id={`${id}-prefix`}
              label="Prefix length"
              mono
              value={family.prefix}
              onChange={(prefix) => setFamily({ prefix })}
              onBlur={touch(`interfaces.${index}.${key}.prefix`)}
              error={errorOf(`interfaces.${index}.${key}.prefix`)}
            />
          </div>
        ) : null}
      </fieldset>
    );
  }

  return (
    <section aria-labelledby="network-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="network-heading" tabIndex={-1} className="font-semibold outline-none">
          Static network (NMState)
        </h2>
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

      {unchecked ? (
        <p role="note" className="rounded border border-amber-700 bg-amber-50 p-2 text-sm">
          {unchecked}
        </p>
      ) : null}
      <div hidden={view !== 'yaml'} className="space-y-1">
        <p id="network-yaml-label" className="text-sm font-medium">
          NMState YAML
        </p>
        <div onBlur={touch('')}>
          <YamlEditor
            value={value}
            onChange={onChange}
            labelledBy="network-yaml-label"
            describedBy="network-yaml-problems"
            invalid={issues.length > 0 || serverProblem !== undefined}
            {...(markedLine ? { markedLine } : {})}
          />
        </div>
        <ul id="network-yaml-problems" aria-label="Problems in the network YAML" className="space-y-1 text-sm text-red-800">
          {issues.map((issue) => (
            <li key={`${issue.path}:${issue.line ?? ''}:${issue.message}`}>
              <span aria-hidden="true">✖ </span>
              {issue.line ? `Line ${issue.line}: ` : ''}
              {issue.message}
            </li>
          ))}
          {[...Object.values(ipConflicts), ...(serverProblem ? [serverProblem] : [])].map((message) => (
            <li key={message}>
              <span aria-hidden="true">✖ </span>
              {message}
            </li>
          ))}
        </ul>
      </div>

      {view === 'form' ? (
        'error' in parsed ? (
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
                  onChange={(name) => write(renameInterface(parsed.form, index, name))}
                  onBlur={touch(`interfaces.${index}.name`)}
                  error={errorOf(`interfaces.${index}.name`)}
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
            <FieldError id="net-interfaces" message={errorOf('interfaces')} />
            <button
              id="net-add-interface"
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
              onBlur={touch('dnsServers')}
              error={errorOf('dnsServers')}
            />
            <div className="grid grid-cols-2 gap-2">
              <TextField
                id="net-gateway"
                label="Default route: next hop (gateway)"
                mono
                value={parsed.form.defaultRoute.nextHop}
                onChange={(nextHop) => write({ ...parsed.form, defaultRoute: { ...parsed.form.defaultRoute, nextHop } })}
                onBlur={touch('defaultRoute.nextHop')}
                error={errorOf('defaultRoute.nextHop')}
              />
              <TextField
                id="net-gateway-interface"
                label="Default route: next-hop interface"
                mono
                value={parsed.form.defaultRoute.interface}
                onChange={(name) => write({ ...parsed.form, defaultRoute: { ...parsed.form.defaultRoute, interface: name } })}
                onBlur={touch('defaultRoute.interface')}
                error={errorOf('defaultRoute.interface')}
              />
            </div>
            {unshown.length > 0 ? (
              <div role="note" aria-label="Settings only the YAML view shows" className="rounded border border-slate-300 bg-slate-50 p-2 text-sm">
                <p>The YAML also sets what the form cannot show; it is kept as written (edit it in the YAML view):</p>
                <ul className="list-disc pl-6">
                  {unshown.map((setting) => (
                    <li key={`${setting.path}:${setting.line}`}>
                      {setting.path} (line {setting.line})
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {yamlOnly.length > 0 || serverProblem ? (
              <div className="text-sm text-red-800">
                <p>Problems only the YAML view shows:</p>
                <ul className="list-disc pl-6">
                  {[...yamlOnly, ...(serverProblem ? [serverProblem] : [])].map((message) => (
                    <li key={message}>{message}</li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
        )
      ) : null}
    </section>
  );
}
