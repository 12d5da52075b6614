import Link from 'next/link';
import { notFound } from 'next/navigation';
import { namespacedNameSchema } from '@/lib/k8s/names';
import { RemovalProgressView } from '@/components/removal/removal-progress';
import { removalPath } from '@/lib/paths';
import { requirePageSession } from '@/server/auth/request';

export const dynamic = 'force-dynamic';

/** A removal's live progress; it outlives the host it removes. */
export default async function RemovalPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const parsed = namespacedNameSchema.safeParse(await params);
  if (!parsed.success) notFound();
  const { namespace, name } = parsed.data;
  await requirePageSession(removalPath({ namespace, name }));
  return (
    <div className="space-y-4">
      <p>
        <Link href="/" className="text-blue-800 underline">
          Inventory
        </Link>{' '}
        / {namespace} / {name}
      </p>
      <h1 className="text-2xl font-semibold">Removing host {name}</h1>
      <RemovalProgressView host={{ namespace, name }} />
    </div>
  );
}
