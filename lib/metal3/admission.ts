import type { BmhWebhookRule } from './bmh-webhook';

/**
 * Which enrollment form field a refusal from the cluster is about, so the wizard can show it there:
 * BMO's BareMetalHost webhook denials (their text, one message or Go's aggregate `[a, b]`) and the
 * apiserver's own field causes (CRD schema, object names).
 *
 * The field paths are the enrollment form's (`lib/enroll/schema.ts`): `name`, `bmc.address`,
 * `bootMACAddress`, `bootMode`, `rootDeviceHints.deviceName`, `userDataSecret`, ...
 */

/** BMO's messages (baremetalhost_validation.go, hardwareutils bmc/), each with the field it concerns. */
interface KnownMessage {
  rule: BmhWebhookRule | 'bmc-address-immutable' | 'boot-mac-immutable' | 'externally-provisioned' | 'other';
  /** Matches the whole message. */
  pattern: RegExp;
  /** The form field; none when the form has no such field (RAID, firmware, annotations, ...). */
  field?: string;
}

const KNOWN_MESSAGES: KnownMessage[] = [
  { rule: 'bmc-address', field: 'bmc.address', pattern: /^Unknown BMC type '[^']*' for address [\s\S]*$/ },
  { rule: 'bmc-address', field: 'bmc.address', pattern: /^failed to parse BMC address information: [\s\S]*$/ },
  { rule: 'bmc-address', field: 'bmc.address', pattern: /^missing BMC address$/ },
  { rule: 'boot-mac-required', field: 'bootMACAddress', pattern: /^BMC driver \S+ requires a BootMACAddress value$/ },
  { rule: 'boot-mac-invalid', field: 'bootMACAddress', pattern: /^address [\s\S]*: invalid MAC address$/ },
  { rule: 'secure-boot-unsupported', field: 'bootMode', pattern: /^BMC driver \S+ does not support secure boot$/ },
  { rule: 'name-characters', field: 'name', pattern: /^BareMetalHost resource name cannot contain characters other than \[A-Za-z0-9\._-\]$/ },
  { rule: 'name-uuid', field: 'name', pattern: /^BareMetalHost resource name cannot be a UUID$/ },
  { rule: 'root-device-name-not-dev', field: 'rootDeviceHints.deviceName', pattern: /^device name of root device hint must be a \/dev\/ path, not "[\s\S]*"$/ },
  { rule: 'root-device-name-subdirectory', field: 'rootDeviceHints.deviceName', pattern: /^device name of root device hint must be path in \/dev\/ or \/dev\/disk\/by-path\/, not "[\s\S]*"$/ },
  { rule: 'user-data-cross-namespace', field: 'userDataSecret', pattern: /^baremetalhosts\.metal3\.io (?:"(?:[^"\\]|\\.)*" )?is forbidden: userData: cross-namespace Secret references are not allowed$/ },
  // Updates (day 2), for the same fields.
  { rule: 'bmc-address-immutable', field: 'bmc.address', pattern: /^BMC address can not be changed if the BMH is not in the Registering state, or if the BMH is not detached$/ },
  { rule: 'boot-mac-immutable', field: 'bootMACAddress', pattern: /^bootMACAddress can not be changed once it is set$/ },
  { rule: 'externally-provisioned', field: 'kind', pattern: /^externallyProvisioned can (not be changed from true to false|only be enabled when in Available state, currently in [\s\S]*)$/ },
  // What BMO says about parts the form does not have: recognised, so an aggregate splits right.
  { rule: 'other', pattern: /^BMC driver \S+ does not support configuring RAID$/ },
  { rule: 'other', pattern: /^firmware settings for \S+ are not supported$/ },
  { rule: 'other', pattern: /^(hardwareRAIDVolumes and softwareRAIDVolumes can not be set at the same time|'physicalDisks' specified without 'controller' in hardware RAID volume \d+|the 'numberOfPhysicalDisks'\[\d+\] and number of 'physicalDisks'\[\d+\] is not same for volume \d+)$/ },
  { rule: 'other', pattern: /^(image URL [\s\S]* is invalid: [\s\S]*|image is not provided|checksum is required for normal images|unknown checksumType [\s\S]*, supported are [\s\S]*)$/ },
  { rule: 'other', pattern: /^(invalid value for the inspect\.metal3\.io annotation, allowed are "disabled" or ""|invalid mode in the reboot\.metal3\.io annotation, allowed are "hard", "soft" or ""|failed to unmarshal the data from the reboot\.metal3\.io annotation: [\s\S]*|error decoding status annotation: [\s\S]*|invalid (operationalStatus|errorType) '[^']*' in the [\s\S]* annotation|when hardware details are provided, inspection must be disabled \(either via inspect\.metal3\.io annotation or inspectionMode field\)|error decoding the [\s\S]* annotation: [\s\S]*)$/ },
  { rule: 'other', pattern: /^(inspect\.metal3\.io annotation and inspectionMode field have contradicting values|invalid inspectionMode value: [\s\S]*|node can't simultaneously have online set to false and have power off disabled)$/ },
  { rule: 'other', pattern: /^baremetalhosts\.metal3\.io (?:"(?:[^"\\]|\\.)*" )?is forbidden: (networkData|metaData): cross-namespace Secret references are not allowed$/ },
];

export interface AdmissionDenialPart {
  /** One of BMO's messages. */
  message: string;
  /** The form field it concerns, when the form has one. */
  field?: string;
  /** Which of BMO's rules said it; undefined for a message the console does not know. */
  rule?: KnownMessage['rule'];
}

function known(message: string): KnownMessage | undefined {
  return KNOWN_MESSAGES.find((k) => k.pattern.test(message));
}

/**
 * Go's aggregate joins messages with ", ", which messages contain too (`"hard", "soft" or ""`), so
 * the text is cut at the ", " that make every piece a known message: the cut with the fewest
 * unknown pieces, and the most pieces among those (a message that ends in free text, such as an
 * address, would otherwise swallow the messages after it).
 */
function splitAggregate(inner: string): string[] {
  const pieces = inner.split(', ');
  // best[i]: the best cut of pieces[0..i), as [unknown pieces, pieces, messages].
  const best: ([number, number, string[]] | undefined)[] = [[0, 0, []]];
  for (let end = 1; end <= pieces.length; end++) {
    for (let start = 0; start < end; start++) {
      const before = best[start];
      if (!before) continue;
      const message = pieces.slice(start, end).join(', ');
      const candidate: [number, number, string[]] = [before[0] + (known(message) ? 0 : 1), before[1] + 1, [...before[2], message]];
      const current = best[end];
      if (!current || candidate[0] < current[0] || (candidate[0] === current[0] && candidate[1] > current[1])) best[end] = candidate;
    }
  }
  return best[pieces.length]?.[2] ?? [inner];
}

/** BMO's denial text (after `... denied the request: `) as its messages, each with its field. */
export function admissionDenialParts(text: string): AdmissionDenialPart[] {
  const trimmed = text.trim();
  // A single message of BMO's never starts with "[": brackets mean an aggregate of several.
  const messages = trimmed.startsWith('[') && trimmed.endsWith(']') ? splitAggregate(trimmed.slice(1, -1)) : [trimmed];
  return messages.map((message) => {
    const match = known(message);
    return { message, ...(match?.field ? { field: match.field } : {}), ...(match ? { rule: match.rule } : {}) };
  });
}

/** The denial's messages by form field (several for one field joined by "; "); messages about no field are left out. */
export function admissionDenialFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of admissionDenialParts(text)) {
    if (!part.field) continue;
    fields[part.field] = fields[part.field] ? `${fields[part.field]}; ${part.message}` : part.message;
  }
  return fields;
}

/** The object kinds an enrollment creates, and whose fields become which form fields. */
export type EnrollmentObjectKind = 'BareMetalHost' | 'Secret';

const BMH_FIELDS: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^metadata\.name$/, () => 'name'],
  [/^spec\.bmc\.address$/, () => 'bmc.address'],
  [/^spec\.bmc\.disableCertificateVerification$/, () => 'bmc.disableCertificateVerification'],
  [/^spec\.bootMACAddress$/, () => 'bootMACAddress'],
  [/^spec\.bootMode$/, () => 'bootMode'],
  [/^spec\.rootDeviceHints\.(\w+)$/, (m) => `rootDeviceHints.${m[1]}`],
  [/^spec\.userData\.name$/, () => 'userDataSecret'],
  [/^spec\.customDeploy\.method$/, () => 'customDeployMethod'],
];

/**
 * The form field of a field the apiserver names in a Status cause (`spec.bootMode`,
 * `metadata.name`). A Secret's name is made from the host name, so it is the host name's problem.
 */
export function formFieldOfApiField(kind: EnrollmentObjectKind, apiField: string): string | undefined {
  if (kind === 'Secret') return apiField === 'metadata.name' ? 'name' : undefined;
  for (const [pattern, field] of BMH_FIELDS) {
    const match = pattern.exec(apiField);
    if (match) return field(match);
  }
  return undefined;
}

/** The apiserver's causes by form field (several joined by "; "); causes about no form field are left out. */
export function statusCauseFields(kind: EnrollmentObjectKind, causes: readonly { field?: string; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const cause of causes) {
    const field = cause.field ? formFieldOfApiField(kind, cause.field) : undefined;
    if (!field) continue;
    fields[field] = fields[field] ? `${fields[field]}; ${cause.message}` : cause.message;
  }
  return fields;
}
