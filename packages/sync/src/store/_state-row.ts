import type { SyncMeta, SyncState } from "./store.js";
import { StoreError } from "./store-error.js";

// What both stores share of the `sync_state` table.

/** A `sync_state` row as both stores read it. */
export interface StateRow {
  readonly cursor: number | null;
  readonly last_sync_at: number | null;
  readonly last_reconcile_at: number | null;
  readonly meta: string | null;
}

/** The state a stored row holds, `meta` parsed. */
export function stateOfRow(row: StateRow, dataset: string): SyncState {
  return {
    cursor: row.cursor,
    lastSyncAt: row.last_sync_at,
    lastReconcileAt: row.last_reconcile_at,
    meta: parseMeta(row.meta, dataset),
  };
}

function parseMeta(text: string | null, dataset: string): SyncMeta | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as SyncMeta;
  } catch {
    // JSON.parse quotes its input in its message: never attach it.
    throw new StoreError("STORE_CORRUPT", `getState ${dataset}: the stored meta is not JSON`);
  }
}

/**
 * The cells to write for a partial state over the stored row (`cursor`, `last_sync_at`,
 * `last_reconcile_at`, `meta`): the fields it does not name stay as they were.
 */
export function mergedStateCells(
  current: StateRow | undefined,
  state: Partial<SyncState>,
): [number | null, number | null, number | null, string | null] {
  return [
    state.cursor !== undefined ? state.cursor : (current?.cursor ?? null),
    state.lastSyncAt !== undefined ? state.lastSyncAt : (current?.last_sync_at ?? null),
    state.lastReconcileAt !== undefined
      ? state.lastReconcileAt
      : (current?.last_reconcile_at ?? null),
    state.meta !== undefined
      ? state.meta === null
        ? null
        : JSON.stringify(state.meta)
      : (current?.meta ?? null),
  ];
}
