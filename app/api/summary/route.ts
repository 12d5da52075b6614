import { NextResponse } from 'next/server';
import { readClusterSummary } from '@/server/cluster-summary';
import { ClusterError, toClusterError } from '@/server/errors';
import { requestKubeConfig } from '@/server/kube/identity';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    return NextResponse.json(await readClusterSummary(requestKubeConfig()));
  } catch (error) {
    const clusterError = error instanceof ClusterError ? error : toClusterError(error, 'read the cluster summary');
    return NextResponse.json({ error: clusterError.userMessage, kind: clusterError.kind }, { status: clusterError.status });
  }
}
