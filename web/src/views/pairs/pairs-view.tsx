import type { RouteParams } from '../../state/route.ts';

export function PairsView({ params }: { params: RouteParams }) {
  return <main id="main" className="view">{JSON.stringify(params)}</main>;
}
