/**
 * What an answer of the data layer did beyond its body, for the sandbox's counters: how many
 * pieces of detail (intraday days or samples, sleep segments, an ECG signal) the detail lag
 * held back (Q17). The data layer adds to it; the caller reads it.
 *
 * @example
 * ```ts
 * const notes: AnswerNotes = { lateDetail: 0 };
 * sandbox.userData(userid).answer("heart.get", params, now, undefined, notes);
 * if (notes.lateDetail > 0) stats.quirk("lateDetail");
 * ```
 */
export interface AnswerNotes {
  lateDetail: number;
}
