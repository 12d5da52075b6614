import { SetupPanel } from '@/components/setup/setup-panel';
import { ProvisioningKind } from '@/lib/k8s/kinds';
import { provisioningYaml } from '@/lib/metal3/provisioning-yaml';
import { accessFor } from '@/server/auth/access';
import { requirePageSession } from '@/server/auth/request';
import { kubeConfigFor } from '@/server/kube/identity';
import { readSetupStatus } from '@/server/setup';

export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  const session = await requirePageSession('/setup');
  const kc = kubeConfigFor(session);
  const [status, createAccess] = await Promise.all([
    readSetupStatus(kc),
    accessFor(session, kc, { verb: 'create', group: ProvisioningKind.group, resource: ProvisioningKind.plural }),
  ]);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Provisioning setup</h1>
      <p className="max-w-3xl text-slate-700">
        Scaling a user-provisioned cluster with the Bare Metal Operator needs the Provisioning CR with a disabled provisioning network,
        and the metal3 workloads it starts.
      </p>
      <SetupPanel initial={status} yaml={provisioningYaml()} createAccess={createAccess} />
    </div>
  );
}
