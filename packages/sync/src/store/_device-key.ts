/**
 * The key of a device row: its `deviceid`, else its `hash_deviceid`, else (a device the API
 * lists without any id, seen in synthetic answers only) its type and model, so such a device
 * is still stored and reconciled instead of failing the whole device list.
 */
export function deviceKey(row: Readonly<Record<string, unknown>>): string {
  for (const key of ["deviceid", "hash_deviceid"]) {
    const id = row[key];
    if (typeof id === "string" && id !== "") return id;
  }
  const part = (key: string): string => {
    const value = row[key];
    return typeof value === "string" || typeof value === "number" ? String(value) : "";
  };
  return `unidentified:${part("type")}:${part("model_id")}:${part("model")}`;
}
