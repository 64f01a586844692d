import { useStore, type Store } from '../../state/store.js';

const identity = <T,>(v: T) => v;

/** The whole value of a session store (they hold immutable values, replaced on change). */
export function useSessionValue<T>(store: Store<T>): T {
  return useStore(store, identity);
}
