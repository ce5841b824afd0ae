import { deviceModels } from "../../catalogue/device-models.js";
import type { GetDevicesBody } from "../../types/user.js";
import { num, str } from "../_cells.js";
import type { RowContext } from "../_row-context.js";

/**
 * One device of the user: the `"devices"` dataset of `toRows`. `last_session_date` (the
 * device's last contact with the server) is the best signal for "has it synced?" (Q17);
 * both session dates can be `null` (Q13). `modelName` comes from the catalogue, which also
 * names `model_id` 13 when `model` is `""`.
 *
 * @example
 * ```ts
 * const d: DeviceRow | undefined = toRows("devices", body)[0];
 * // { type: "Scale", model: "Body+", model_id: 5, modelName: "Body+", battery: "high", ... }
 * ```
 */
export type DeviceRow = {
  type: string | null;
  model: string | null;
  model_id: number | null;
  modelName: string | null;
  /** `high`, `medium`, `low` or `unknown`. */
  battery: string | null;
  deviceid: string | null;
  hash_deviceid: string | null;
  timezone: string | null;
  first_session_date: string | null;
  last_session_date: string | null;
};

/**
 * Flattens a getdevice body: one row per device, in API order.
 *
 * @example
 * ```ts
 * // What toRows("devices", body, options) runs:
 * deviceRows(body, new RowContext("toRows", options));
 * ```
 */
export function deviceRows(body: GetDevicesBody, ctx: RowContext): DeviceRow[] {
  return body.devices.map((d) => {
    const modelId = num(d.model_id);
    return {
      type: str(d.type),
      model: str(d.model),
      model_id: modelId,
      modelName: modelId === null ? null : (deviceModels.get(modelId)?.name ?? null),
      battery: str(d.battery),
      deviceid: str(d.deviceid),
      hash_deviceid: str(d.hash_deviceid),
      timezone: str(d.timezone),
      first_session_date: ctx.iso(d.first_session_date),
      last_session_date: ctx.iso(d.last_session_date),
    };
  });
}
