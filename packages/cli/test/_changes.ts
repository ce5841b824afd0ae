import type { DataChange, Sandbox } from "@withings-kit/sandbox";

// The k-th change of the stream, for one user, at the cloud's `now`: new readings mostly,
// some nights, workouts and ECGs, and edits and deletions of what is there.
export function change(k: number, now: number, grpids: readonly number[]): DataChange {
  const kind = k % 10;
  if (kind === 7 && grpids.length > 0) {
    return { op: "delete", dataset: "measures", id: grpids[k % grpids.length]! };
  }
  if (kind === 8) {
    // A day of its own for each night: one device never records two nights at once.
    const night = now - 40 * 3600 - Math.floor(k / 10) * 86_400;
    return { op: "add", dataset: "sleep", record: { startdate: night, enddate: night + 6 * 3600 } };
  }
  if (kind === 9)
    return { op: "add", dataset: "ecg", record: { timestamp: now - 600 - k, ecg: { afib: 0 } } };
  if (kind === 6) {
    return {
      op: "add",
      dataset: "workouts",
      record: { startdate: now - 7200 - k * 60, enddate: now - 3600 - k * 60, category: 1 },
    };
  }
  return {
    op: "add",
    dataset: "measures",
    record: {
      date: now - k * 37,
      measures: [
        { value: 110 + (k % 40), type: 10, unit: 0 },
        { value: 70 + (k % 20), type: 9, unit: 0 },
      ],
    },
  };
}

/**
 * Gives a user `count` changes of the stream (no deletion), dated from the cloud's now
 * back over a few days: data that stays put while time passes, unlike a profile's, whose
 * devices keep uploading.
 */
export async function seedData(sandbox: Sandbox, userid: string, count: number): Promise<void> {
  const now = Math.floor(sandbox.clock.nowSeconds());
  for (let k = 1; k <= count; k++) await sandbox.editData({ userid, change: change(k, now, []) });
}
