import { indexOf, useDoc } from '../../state';

/** An instance's name for display (IDs stay in the title). */
export function useNameOf(): (id: string) => string {
  const index = useDoc((s) => indexOf(s.doc));
  return (id) => index.instances.get(id)?.name ?? id;
}
