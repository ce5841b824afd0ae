import type { SeededRandom } from "../random/seeded-random.js";
import { activityId } from "../records/activity-id.js";
import type { DayBatch } from "../records/day-batch.js";
import type { TableEntry } from "../records/record-table.js";
import type {
  StoredActivity,
  StoredEcg,
  StoredMeasure,
  StoredMeasureGroup,
  StoredSleepSummary,
  StoredWorkout,
} from "../records/stored-records.js";
import { type DayPlan, dayPlan } from "./day-plan.js";
import type { OwnedDevice, SyntheticPerson } from "./synthetic-person.js";

const HOUR = 3600;
const MINUTE = 60;
// Body Scan segments in the order real answers list them (aiowithings measurement_positions):
// torso, left leg, left arm, right leg, right arm; with their share of fat-free, fat and
// muscle mass.
const SEGMENTS: readonly (readonly [number, number, number])[] = [
  [12, 0.5, 0.55],
  [10, 0.17, 0.165],
  [3, 0.08, 0.06],
  [11, 0.17, 0.165],
  [2, 0.08, 0.06],
];
const BODY_SCAN_ALGO = 218235904;
const WORKOUT_CATEGORIES: readonly number[] = [1, 1, 1, 1, 2, 2, 6, 16, 28, 7];

/**
 * Generates every record of one local day of a synthetic user from the day's own seeds:
 * measure groups (BPM Core twice a day, Thermo, ScanWatch SpO2/heart rate/ECG, Body Scan
 * weigh-ins as several groups at one timestamp, manual and ambiguous entries, weight
 * objectives), the day's activity records, workouts, the sleep summary of the night that
 * ends that day and of an afternoon nap, and ECG recordings.
 *
 * Realism that tests rely on: `unit` varies for one type (Q18), one weigh-in yields several
 * groups with one `date` (Q10), some days upload late (`created` days after `date`), trips
 * leave the home devices silent, and the watch's and phone's records follow the
 * {@link DayPlan}: the zone of the day (a trip's zone abroad, Q14), a tracker record on days
 * the watch is worn in the day, the phone's external count (`is_tracker: false`, brand 18)
 * beside it on some days and alone on the others, a sleep summary for each night the watch
 * is worn (night-only days included), and now and then a nap with its own summary (several
 * summaries per `date`).
 *
 * @example
 * ```ts
 * const { measures, sleep } = generateSyntheticDay(person, person.firstDay);
 * ```
 */
export function generateSyntheticDay(
  p: SyntheticPerson,
  day: number,
  out: DayBatch = { measures: [], activity: [], workouts: [], sleep: [], ecg: [] },
): DayBatch {
  // Appends to `out`, so a stretch of days fills one batch without per-day copies.
  const firstMeasure = out.measures.length;
  const firstEcg = out.ecg.length;
  // Home devices keep home time; the watch and the phone live in the day's own zone.
  const midnight = p.calendar.midnight(day);
  const plan = dayPlan(p, day);
  // One stream per day: every value of the day comes from (seed, userId, day) alone.
  const r = p.rng(day, "day");
  const vacation = p.onVacation(day);
  const worn = plan.dayWorn;
  // A few days reach the cloud late: the BPM stored readings, the scale was offline.
  const homeLate = r.chance(0.03) ? r.int(1, 4) * 86_400 + r.int(0, 20_000) : 0;
  const w = new DayWriter(p, day, out);
  if (p.scale !== undefined) weighIns(p, r, w, midnight, plan.start, vacation, homeLate);
  if (p.bpm !== undefined && !vacation) bloodPressure(p, r, w, p.bpm, midnight, homeLate);
  if (p.thermo !== undefined && !vacation) temperature(p, r, w, p.thermo, midnight, homeLate);
  if (p.watch !== undefined && worn) watchDay(p, r, w, p.watch, plan);
  const phoneCreated =
    p.profile === "vitals-study" ? activityDay(p, r, plan, vacation, out) : undefined;
  if (p.watch !== undefined) {
    // A travel day has no workouts: the next day's zone would overlap their hours.
    if (worn && !plan.travel) workouts(p, r, p.watch, plan, out);
    if (plan.nightWorn) sleepNight(p, r, p.watch, plan, out);
    if (plan.nap !== undefined) nap(p, r, p.watch, plan, plan.nap, out);
  }
  if (!worn && !plan.travel && phoneCreated !== undefined && r.chance(0.25))
    externalWalk(p, r, plan, phoneCreated, out);
  sortFrom(out.measures, firstMeasure);
  sortFrom(out.ecg, firstEcg);
  return out;
}

// Sorts list[from..] in place by (sort, tie): the records of one day, generated device by
// device, in the order of their table.
function sortFrom<R>(list: TableEntry<R>[], from: number): void {
  if (list.length - from < 2) return;
  const day = list.slice(from).sort((a, b) => a.sort - b.sort || a.tie - b.tie);
  for (let i = 0; i < day.length; i++) list[from + i] = day[i]!;
}

// Collects one day's records and hands out its group ids (a class, not closures: this runs
// for every day of a ten-year history).
class DayWriter {
  readonly person: SyntheticPerson;
  readonly day: number;
  readonly out: DayBatch;
  #slot = 0;

  constructor(person: SyntheticPerson, day: number, out: DayBatch) {
    this.person = person;
    this.day = day;
    this.out = out;
  }

  nextGrpid(): number {
    return this.person.grpid(this.day, this.#slot++);
  }

  push(g: StoredMeasureGroup): void {
    this.out.measures.push({
      rec: g,
      id: g.grpid,
      sort: g.date,
      tie: g.grpid,
      day: this.day,
      created: g.created!,
      modified: g.modified!,
    });
  }

  ecg(rec: StoredEcg, created: number): void {
    Object.freeze(rec.ecg);
    if (rec.bloodpressure !== undefined) Object.freeze(rec.bloodpressure);
    const signalid = rec.ecg.signalid;
    this.out.ecg.push({
      rec: Object.freeze(rec),
      id: signalid,
      sort: rec.timestamp,
      tie: signalid,
      day: this.day,
      created,
      modified: created,
    });
  }
}

function weighIns(
  p: SyntheticPerson,
  r: SeededRandom,
  w: DayWriter,
  midnight: number,
  localMidnight: number,
  vacation: boolean,
  late: number,
): void {
  const day = w.day;
  const scale = p.scale!;
  if (!vacation && r.chance(0.55)) {
    const date = midnight + 6.5 * HOUR + r.int(0, 5400);
    const created = date + r.int(40, 400) + late;
    const weight = p.weightKg(day) + r.normal(0, 0.3);
    bodyScan(p, scale, r, w, 0, date, created, weight, p.fatRatio(day) + r.normal(0, 0.004));
    if (r.chance(0.85)) {
      const pwv = 6.8 + 0.5 * p.drift(day, "pwv") + (p.ageYears - 45) * 0.03 + r.normal(0, 0.25);
      const vascularAge = p.ageYears + 3 * p.drift(day, "pwv") + r.normal(0, 1.5);
      const measures = [
        device(Math.round(pwv * 1000), 91, -3),
        device(Math.round(vascularAge * 10), 155, -1),
      ];
      w.push(group(w.nextGrpid(), 8, date, created, 1, scale, measures));
    }
    if (r.chance(0.6)) {
      const pulse = Math.round(p.restingHr + 10 + r.normal(0, 4));
      const afib = r.chance(0.08) ? 8 : 0;
      w.push(
        group(w.nextGrpid(), 0, date, created, 1, scale, [
          device(pulse, 11, 0),
          device(afib, 130, 0),
        ]),
      );
    }
    if (r.chance(0.2)) {
      const esc = r.range(62, 88);
      const measures = [
        device(Math.round(esc * 1000), 196, -3),
        device(Math.round((esc + r.normal(0, 3)) * 1000), 197, -3),
        device(Math.round((esc + r.normal(0, 3)) * 1000), 198, -3),
      ];
      w.push(group(w.nextGrpid(), 0, date, created, 1, scale, measures));
    }
  }
  // Someone else in the household steps on the scale: an ambiguous group (attrib 1, Q20).
  if (r.chance(0.025)) {
    const date = midnight + 19 * HOUR + r.int(0, 7200);
    const other = p.weight0 + (r.chance(0.5) ? 18 : -16) + r.normal(0, 2);
    bodyScan(p, scale, r, w, 1, date, date + r.int(40, 400), other, r.range(0.15, 0.35));
  }
  // Away from the scale some people type their weight in: a manual group (attrib 2).
  if (vacation && r.chance(0.12)) {
    const date = localMidnight + 9 * HOUR + r.int(0, 3600);
    const kg = p.weightKg(day) + r.normal(0.4, 0.4);
    w.push(
      group(w.nextGrpid(), 2, date, date + r.int(5, 90), 1, null, [
        bare(Math.round(kg * 100), 1, -2),
      ]),
    );
  }
  // A weight objective (category 2) set every ~5 months.
  if (((day % 150) + 150) % 150 === p.objectivePhase) {
    const date = midnight + 12 * HOUR + r.int(0, 3600);
    const goal = Math.round((p.weight0 - 4 + 1.5 * p.drift(day, "objective")) * 10) * 100;
    w.push(group(w.nextGrpid(), 2, date, date + r.int(1, 30), 2, null, [bare(goal, 1, -3)]));
  }
}

function bodyScan(
  p: SyntheticPerson,
  scale: OwnedDevice,
  r: SeededRandom,
  w: DayWriter,
  attrib: number,
  date: number,
  created: number,
  weight: number,
  fatRatio: number,
): void {
  const fat = weight * fatRatio;
  const ffm = weight - fat;
  const bone = ffm * 0.052;
  const muscle = ffm - bone;
  const water = ffm * 0.73;
  const ecw = water * r.range(0.39, 0.43);
  const visceral = Math.max(1, Math.min(20, (fatRatio - 0.1) * 45 + (p.ageYears - 40) * 0.08));
  const bmr = Math.round(370 + 21.6 * ffm);
  // Weight comes with -3 most of the time, sometimes -2, rarely -4 (Q18).
  const u = r.next();
  const weightUnit = u < 0.8 ? -3 : u < 0.97 ? -2 : -4;
  const measures: StoredMeasure[] = [
    Object.freeze({
      value: Math.round(weight * 10 ** -weightUnit),
      type: 1,
      unit: weightUnit,
      algo: BODY_SCAN_ALGO,
      fm: 3,
    }),
    // Real Body Scan groups repeat types 5 and 8 (quirk Q10); sync engines must cope.
    positioned(centi(ffm), 5, -2, 7),
    positioned(centi(ffm), 5, -2, 7),
    positioned(centi(fat), 8, -2, 7),
    positioned(centi(fat), 8, -2, 7),
    positioned(centi(muscle), 76, -2, 7),
    positioned(centi(water), 77, -2, 7),
    positioned(centi(bone), 88, -2, 7),
    positioned(centi(ecw), 168, -2, 7),
    positioned(centi(water - ecw), 169, -2, 7),
    positioned(Math.round(visceral * 10), 170, -1, 7),
  ];
  for (let i = 0; i < SEGMENTS.length; i++) {
    const segment = SEGMENTS[i]!;
    measures.push(positioned(centi(ffm * segment[1] * r.range(0.98, 1.02)), 173, -2, segment[0]));
  }
  for (let i = 0; i < SEGMENTS.length; i++) {
    const segment = SEGMENTS[i]!;
    measures.push(positioned(centi(fat * segment[2] * r.range(0.97, 1.03)), 174, -2, segment[0]));
  }
  for (let i = 0; i < SEGMENTS.length; i++) {
    const segment = SEGMENTS[i]!;
    measures.push(
      positioned(centi(muscle * segment[1] * r.range(0.98, 1.02)), 175, -2, segment[0]),
    );
  }
  measures.push(positioned(bmr, 226, 0, 7));
  measures.push(bare(Math.round(fatRatio * 100_000), 6, -3));
  w.push(group(w.nextGrpid(), attrib, date, created, 1, scale, measures));
}

function bloodPressure(
  p: SyntheticPerson,
  r: SeededRandom,
  w: DayWriter,
  bpm: OwnedDevice,
  midnight: number,
  late: number,
): void {
  const day = w.day;
  const readings: [number, number][] = [];
  if (r.chance(0.88)) readings.push([midnight + 7 * HOUR + r.int(0, 5400), 4]);
  if (r.chance(0.8)) readings.push([midnight + 20.5 * HOUR + r.int(0, 5400), 0]);
  let ecgSlot = 0;
  for (const [date, morning] of readings) {
    const guest = r.chance(0.03);
    const drift = p.drift(day, "bp");
    let sys = p.systolic0 + 7 * drift + 3 * p.season(day) + morning + r.normal(0, 6);
    let dia = p.diastolic0 + 4 * drift + 1.5 * p.season(day) + morning / 2 + r.normal(0, 4.5);
    let pulse = p.restingHr + 6 + r.normal(0, 5);
    if (guest) {
      sys += r.range(-20, 25);
      dia += r.range(-10, 12);
      pulse += r.range(-8, 15);
    }
    sys = Math.round(sys);
    dia = Math.min(Math.round(dia), sys - 25);
    pulse = Math.round(pulse);
    const created = date + r.int(30, 240) + late;
    // BPM Core answers mmHg with unit 0 mostly, and sometimes ×100 with unit -2 (Q18).
    const unit = r.chance(0.82) ? 0 : -2;
    const f = 10 ** -unit;
    const measures = [
      device(dia * f, 9, unit),
      device(sys * f, 10, unit),
      device(pulse * f, 11, unit),
    ];
    w.push(group(w.nextGrpid(), guest ? 1 : 0, date, created, 1, bpm, measures));
    if (!guest && morning > 0 && r.chance(0.07)) {
      // BPM Core records an ECG with the blood pressure; only its recordings carry
      // `bloodpressure` in the heart list.
      const afib = r.chance(0.9) ? 0 : r.chance(0.6) ? 2 : 1;
      const signalid = p.signalId(day, ecgSlot++);
      const rec: StoredEcg = {
        deviceid: bpm.deviceid,
        model: bpm.model.modelId,
        ecg: { signalid, afib },
        bloodpressure: { diastole: dia, systole: sys },
        heart_rate: pulse,
        timestamp: date,
        modified: created,
      };
      w.ecg(rec, created);
    }
  }
  if (r.chance(0.01)) {
    // A reading typed in by hand: no device, bare measures.
    const date = midnight + 13 * HOUR + r.int(0, 3600);
    const sys = Math.round(p.systolic0 + r.normal(0, 6));
    const measures = [
      bare(Math.round(p.diastolic0), 9, 0),
      bare(sys, 10, 0),
      bare(Math.round(p.restingHr + 5), 11, 0),
    ];
    w.push(group(w.nextGrpid(), 2, date, date + r.int(5, 60), 1, null, measures));
  }
}

function temperature(
  p: SyntheticPerson,
  r: SeededRandom,
  w: DayWriter,
  thermo: OwnedDevice,
  midnight: number,
  late: number,
): void {
  const day = w.day;
  const fever = p.fever(day);
  const count = fever > 0 ? r.int(2, 3) : r.chance(0.8) ? 1 : 0;
  for (let i = 0; i < count; i++) {
    const date = midnight + (7.6 + i * 5.5) * HOUR + r.int(0, 3600);
    // A shared thermometer: sometimes a family member's reading lands here (attrib 1).
    const ambiguous = r.chance(0.08);
    const celsius = ambiguous
      ? r.range(36.3, 38.4)
      : p.temperature0 + fever + r.normal(0, 0.13) - (i === 0 ? 0.1 : 0);
    const measures = [
      Object.freeze({ value: Math.round(celsius * 1000), type: 71, unit: -3, algo: 0, fm: 0 }),
    ];
    w.push(
      group(
        w.nextGrpid(),
        ambiguous ? 1 : 0,
        date,
        date + r.int(10, 600) + late,
        1,
        thermo,
        measures,
      ),
    );
  }
}

function watchDay(
  p: SyntheticPerson,
  r: SeededRandom,
  w: DayWriter,
  watch: OwnedDevice,
  plan: DayPlan,
): void {
  const day = w.day;
  const midnight = plan.start;
  const late = plan.watchLate;
  const tz = plan.calendar.timezone;
  const spo2Count = r.int(0, 2);
  for (let i = 0; i < spo2Count; i++) {
    const date = midnight + r.int(8 * HOUR, 21 * HOUR);
    const value = Math.max(92, Math.min(100, Math.round(97.2 + r.normal(0, 1.1))));
    const m = watchMeasure(value, 54, 285343749, SPO2_PARAMS);
    w.push(
      group(w.nextGrpid(), 0, date, date + r.int(600, 10_800) + late, 1, watch, [m], tz, false),
    );
  }
  const hrCount = r.int(1, 3);
  for (let i = 0; i < hrCount; i++) {
    const date = midnight + r.int(8 * HOUR, 22 * HOUR);
    const hour = (date - midnight) / HOUR;
    const value = Math.round(p.circadianHr(day, hour) + r.normal(0, 4));
    w.push(
      group(
        w.nextGrpid(),
        0,
        date,
        date + r.int(600, 10_800) + late,
        1,
        watch,
        [watchMeasure(value, 11, 17171200, HR_PARAMS)],
        tz,
      ),
    );
  }
  if (r.chance(0.06)) {
    const date = midnight + r.int(9 * HOUR, 21 * HOUR);
    const created = date + r.int(600, 10_800) + late;
    const afib = r.chance(0.85) ? 0 : r.chance(0.6) ? 2 : 1;
    const hr = Math.round(p.circadianHr(day, (date - midnight) / HOUR) + r.normal(0, 5));
    const signalid = p.signalId(day, 5);
    const rec: StoredEcg = {
      deviceid: watch.deviceid,
      model: watch.model.modelId,
      ecg: { signalid, afib },
      heart_rate: hr,
      timestamp: date,
      modified: created,
    };
    w.ecg(rec, created);
    const qrs = r.int(80, 108);
    const qt = Math.round(400 - (hr - 60) * 1.6 + r.normal(0, 12));
    const qtc = Math.round(qt / Math.sqrt(60 / hr));
    const measures = [
      device(afib, 130, 0),
      device(qrs, 135, 0),
      device(r.int(120, 190), 136, 0),
      device(qt, 137, 0),
      device(qtc, 138, 0),
    ];
    w.push(group(w.nextGrpid(), 0, date, created, 1, watch, measures));
  }
}

// The day's activity records: the watch's tracker record on days it is worn in the day
// (the phone's count beside it on some), the phone's count alone on the others (always on
// night-only days, most days otherwise). Returns when the phone's record reached the cloud.
function activityDay(
  p: SyntheticPerson,
  r: SeededRandom,
  plan: DayPlan,
  vacation: boolean,
  out: DayBatch,
): number | undefined {
  const day = plan.day;
  const worn = plan.dayWorn;
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  const weekend = weekday === 0 || weekday === 6;
  if (!worn && !plan.nightWorn && !r.chance(0.75)) return undefined; // phone left behind too
  let steps =
    p.steps0 * (1 + 0.25 * p.drift(day, "steps")) * (weekend ? 0.85 : 1) * (vacation ? 1.3 : 1);
  steps *= Math.exp(r.normal(0, 0.3)) * (worn ? 1 : 0.6);
  let total = Math.max(0, Math.round(steps));
  // A day in bed: a tracker record with no steps (its samples are heart rate only).
  if (r.chance(0.01)) total = 0;
  if (!worn) return phoneDay(p, r, plan, total, 0, out);
  const watch = p.watch!;
  const distance = round3(total * p.stride);
  const moderate = Math.round(total * r.range(0.04, 0.08));
  const intense = r.chance(0.35) ? r.int(0, 1800) : 0;
  const soft = Math.round(total * r.range(0.15, 0.3));
  const calories = round3(total * 0.042 * (p.weight0 / 70) + intense * 0.12);
  const totalcalories = round3(calories + 1350 + 11 * p.weight0 * r.range(0.95, 1.05));
  const created = plan.uploaded;
  const elevation = Math.round((total / 1400) * r.range(0.2, 1.5));
  const zone1 = moderate + Math.round(intense / 2);
  // Plain literals, not spreads: V8 builds spread-then-extended objects ~100x slower, and
  // this runs once per day of history.
  const rec: StoredActivity = Object.freeze({
    steps: total,
    distance,
    elevation,
    soft,
    moderate,
    intense,
    active: moderate + intense,
    calories,
    totalcalories,
    hr_average: Math.round(p.restingHr + 14 + r.normal(0, 3)),
    hr_min: Math.round(p.restingHr - 6 + r.normal(0, 2)),
    hr_max: Math.round(115 + (intense / 1800) * 50 + r.normal(0, 8)),
    hr_zone_0: r.int(30_000, 50_000),
    hr_zone_1: zone1,
    hr_zone_2: Math.round(intense / 2),
    hr_zone_3: intense > 1200 ? r.int(0, 300) : 0,
    deviceid: null,
    hash_deviceid: null,
    timezone: plan.calendar.timezone,
    date: plan.ymd,
    modified: created,
    brand: 1,
    modelid: watch.model.modelId,
    model: watch.model.name,
    is_tracker: true,
  });
  out.activity.push({
    rec,
    id: activityId(rec),
    sort: day,
    tie: 0,
    day,
    created,
    modified: created,
  });
  // The phone counts only while carried: fewer steps than the watch, on its own schedule.
  if (plan.phoneBeside)
    return phoneDay(p, r, plan, Math.round(total * r.range(0.45, 0.95)), 1, out);
  return undefined;
}

// The phone's step count as an external source (brand 18, null device ids, no heart rate,
// `is_tracker: false`), as Google Fit and Apple Health records come (S3 activity.json).
function phoneDay(
  p: SyntheticPerson,
  r: SeededRandom,
  plan: DayPlan,
  total: number,
  tie: number,
  out: DayBatch,
): number {
  const phone = p.phone!;
  const moderate = Math.round(total * r.range(0.03, 0.07));
  const intense = r.chance(0.2) ? r.int(0, 900) : 0;
  const calories = round3(total * 0.04 * (p.weight0 / 70) + intense * 0.1);
  const created = plan.end + r.int(600, 4 * HOUR);
  const rec: StoredActivity = Object.freeze({
    steps: total,
    distance: round3(total * p.stride * r.range(0.9, 1.1)),
    elevation: Math.round((total / 1400) * r.range(0.1, 1.2)),
    soft: Math.round(total * r.range(0.15, 0.3)),
    moderate,
    intense,
    active: moderate + intense,
    calories,
    totalcalories: round3(calories + 1350 + 11 * p.weight0 * r.range(0.95, 1.05)),
    deviceid: null,
    hash_deviceid: null,
    timezone: plan.calendar.timezone,
    date: plan.ymd,
    modified: created,
    brand: 18,
    modelid: phone.modelId,
    model: phone.name,
    is_tracker: false,
  });
  const day = plan.day;
  out.activity.push({ rec, id: activityId(rec), sort: day, tie, day, created, modified: created });
  return created;
}

// A walk the phone detected while the watch was off: Google Fit workouts have a null
// deviceid, `attrib` 0 and zeroed heart-rate fields (aiowithings workouts.json).
function externalWalk(
  p: SyntheticPerson,
  r: SeededRandom,
  plan: DayPlan,
  modified: number,
  out: DayBatch,
): void {
  const day = plan.day;
  const startdate = plan.start + r.int(8 * HOUR, 19 * HOUR);
  const enddate = startdate + r.int(4 * MINUTE, 40 * MINUTE);
  const steps = Math.round((enddate - startdate) * 1.65);
  const id = p.workoutId(day, 5);
  const data = Object.freeze({
    calories: Math.round(steps * 0.06),
    intensity: 30,
    manual_distance: 0,
    manual_calories: 0,
    hr_average: 0,
    hr_min: 0,
    hr_max: 0,
    hr_zone_0: 0,
    hr_zone_1: 0,
    hr_zone_2: 0,
    hr_zone_3: 0,
    pause_duration: 0,
    steps,
    distance: Math.round(steps * p.stride),
    elevation: r.int(0, 20),
    algo_pause_duration: null,
    spo2_average: null,
  });
  const rec: StoredWorkout = Object.freeze({
    id,
    category: 1,
    timezone: plan.calendar.timezone,
    model: p.phone!.modelId,
    attrib: 0,
    startdate,
    enddate,
    date: plan.ymd,
    deviceid: null,
    data,
    modified,
  });
  out.workouts.push({ rec, id, sort: startdate, tie: id, day, created: modified, modified });
}

function workouts(
  p: SyntheticPerson,
  r: SeededRandom,
  watch: OwnedDevice,
  plan: DayPlan,
  out: DayBatch,
): void {
  const day = plan.day;
  const late = plan.watchLate;
  const count = r.chance(0.4) ? (r.chance(0.15) ? 2 : 1) : 0;
  // On a nap day workouts are in the morning, done before the nap starts at 13:00.
  const latest = plan.nap === undefined ? 19 * HOUR : 11.5 * HOUR;
  const starts: number[] = [];
  for (let i = 0; i < count; i++) starts.push(plan.start + r.int(7 * HOUR, latest));
  starts.sort((a, b) => a - b);
  starts.forEach((startdate, slot) => {
    const category = r.pick(WORKOUT_CATEGORIES);
    const minutes = r.int(15, 75);
    const enddate = startdate + minutes * MINUTE + r.int(0, 59);
    const seconds = enddate - startdate;
    const intensity = r.int(10, 60);
    const hrAverage = Math.round(p.restingHr + 30 + intensity * 0.8 + r.normal(0, 5));
    const zone2 = Math.round(seconds * r.range(0, 0.3));
    const zone1 = Math.round((seconds - zone2) * r.range(0.3, 0.8));
    const created = enddate + r.int(600, 7200) + late;
    const swimming = category === 7;
    const steps =
      category === 1 || category === 2 ? Math.round(seconds * (category === 2 ? 2.6 : 1.7)) : 0;
    const calories = Math.round(seconds * (0.05 + intensity * 0.002) * (p.weight0 / 70));
    const hrMin = Math.round(hrAverage - 25 + r.normal(0, 4));
    const hrMax = Math.round(hrAverage + 25 + r.normal(0, 5));
    const pause = r.chance(0.3) ? r.int(5, 300) : 0;
    const spo2 = r.chance(0.2) ? r.int(94, 99) : null;
    // Swimming reports no steps, distance or elevation, and detects pauses (reference §2.8).
    const data = swimming
      ? {
          calories,
          intensity,
          manual_distance: 0,
          manual_calories: 0,
          hr_average: hrAverage,
          hr_min: hrMin,
          hr_max: hrMax,
          hr_zone_0: seconds - zone1 - zone2,
          hr_zone_1: zone1,
          hr_zone_2: zone2,
          hr_zone_3: 0,
          pause_duration: pause,
          algo_pause_duration: r.int(0, 120),
          spo2_average: spo2,
        }
      : {
          calories,
          intensity,
          manual_distance: 0,
          manual_calories: 0,
          hr_average: hrAverage,
          hr_min: hrMin,
          hr_max: hrMax,
          hr_zone_0: seconds - zone1 - zone2,
          hr_zone_1: zone1,
          hr_zone_2: zone2,
          hr_zone_3: 0,
          pause_duration: pause,
          steps,
          distance: Math.round(steps * p.stride),
          elevation: r.int(0, 80),
          algo_pause_duration: null,
          spo2_average: spo2,
        };
    const id = p.workoutId(day, slot);
    const rec: StoredWorkout = Object.freeze({
      id,
      category,
      timezone: plan.calendar.timezone,
      model: watch.model.modelId,
      attrib: 7,
      startdate,
      enddate,
      date: plan.ymd,
      deviceid: watch.deviceid,
      data: Object.freeze(data),
      modified: created,
    });
    out.workouts.push({ rec, id, sort: startdate, tie: id, day, created, modified: created });
  });
}

// The night that ends on the plan's day, in that day's zone: its `date` is the local
// wake-up day (Q14), so on the first night abroad the evening is already in the trip's zone.
function sleepNight(
  p: SyntheticPerson,
  r: SeededRandom,
  watch: OwnedDevice,
  plan: DayPlan,
  out: DayBatch,
): void {
  const day = plan.day;
  const late = plan.watchLate;
  const cal = plan.calendar;
  const startdate =
    cal.midnight(day - 1) +
    (p.bedtimeMinutes + Math.round(r.normal(0, 25))) * MINUTE +
    r.int(0, 59);
  const inBed = Math.max(240, Math.min(660, Math.round(p.sleepMinutes + 25 + r.normal(0, 35))));
  const latency = r.int(3, 25);
  const wakeLatency = r.int(0, 15);
  const waso = r.int(5, 45);
  const asleep = inBed - latency - wakeLatency - waso;
  const deep = Math.round(asleep * r.range(0.14, 0.22));
  const rem = Math.round(asleep * r.range(0.18, 0.25));
  const light = asleep - deep - rem;
  const hrAverage = Math.round(p.restingHr - 3 + r.normal(0, 2.5));
  const rrAverage = r.int(12, 16);
  const snoring = r.chance(0.4) ? r.int(1, 40) * MINUTE : 0;
  const enddate = startdate + inBed * MINUTE;
  const created = enddate + r.int(600, 5400) + late;
  const bdi = r.int(0, 30);
  const data = Object.freeze({
    wakeupduration: (latency + waso + wakeLatency) * MINUTE,
    wakeupcount: r.int(0, 4),
    durationtosleep: latency * MINUTE,
    remsleepduration: rem * MINUTE,
    durationtowakeup: wakeLatency * MINUTE,
    total_timeinbed: inBed * MINUTE,
    total_sleep_time: asleep * MINUTE,
    sleep_efficiency: Math.round((asleep / inBed) * 100) / 100,
    sleep_latency: latency * MINUTE,
    wakeup_latency: wakeLatency * MINUTE,
    waso: waso * MINUTE,
    nb_rem_episodes: Math.max(1, Math.round(asleep / 95)),
    out_of_bed_count: r.chance(0.2) ? 1 : 0,
    lightsleepduration: light * MINUTE,
    deepsleepduration: deep * MINUTE,
    hr_average: hrAverage,
    hr_min: hrAverage - r.int(5, 10),
    hr_max: hrAverage + r.int(15, 35),
    rr_average: rrAverage,
    rr_min: rrAverage - r.int(2, 4),
    rr_max: rrAverage + r.int(3, 6),
    breathing_disturbances_intensity: bdi,
    snoring,
    snoringepisodecount: snoring > 0 ? r.int(1, 20) : 0,
    sleep_score: Math.max(
      30,
      Math.min(98, Math.round(45 + (asleep / 480) * 40 - waso / 3 + r.normal(0, 6))),
    ),
    apnea_hypopnea_index: Math.round(bdi / 2),
  });
  const id = p.sleepId(day);
  const rec: StoredSleepSummary = Object.freeze({
    id,
    timezone: cal.timezone,
    model: 16,
    model_id: watch.model.modelId,
    hash_deviceid: watch.deviceid,
    startdate,
    enddate,
    date: plan.ymd,
    data,
    completed: true,
    created,
    modified: created,
  });
  out.sleep.push({ rec, id, sort: startdate, tie: id, day, created, modified: created });
}

// An afternoon nap: a summary of its own (id slot 1) with the same `date` as the night
// before it (Q14: several summaries per date), shorter, and with fewer fields (no breathing,
// snoring or score for a nap).
function nap(
  p: SyntheticPerson,
  r: SeededRandom,
  watch: OwnedDevice,
  plan: DayPlan,
  span: { readonly startdate: number; readonly enddate: number },
  out: DayBatch,
): void {
  const { startdate, enddate } = span;
  const inBed = Math.round((enddate - startdate) / MINUTE);
  const latency = r.int(2, 8);
  const wakeLatency = r.int(0, 3);
  const waso = r.int(0, 4);
  const asleep = inBed - latency - wakeLatency - waso;
  const deep = Math.round(asleep * r.range(0.05, 0.2));
  const rem = Math.round(asleep * r.range(0, 0.1));
  const light = asleep - deep - rem;
  const hrAverage = Math.round(p.restingHr + r.normal(0, 2.5));
  const created = enddate + r.int(600, 5400) + plan.watchLate;
  const data = Object.freeze({
    wakeupduration: (latency + waso + wakeLatency) * MINUTE,
    wakeupcount: waso > 0 ? 1 : 0,
    durationtosleep: latency * MINUTE,
    remsleepduration: rem * MINUTE,
    durationtowakeup: wakeLatency * MINUTE,
    total_timeinbed: inBed * MINUTE,
    total_sleep_time: asleep * MINUTE,
    sleep_efficiency: Math.round((asleep / inBed) * 100) / 100,
    sleep_latency: latency * MINUTE,
    wakeup_latency: wakeLatency * MINUTE,
    waso: waso * MINUTE,
    lightsleepduration: light * MINUTE,
    deepsleepduration: deep * MINUTE,
    hr_average: hrAverage,
    hr_min: hrAverage - r.int(3, 8),
    hr_max: hrAverage + r.int(8, 20),
  });
  const day = plan.day;
  const id = p.sleepId(day, 1);
  const rec: StoredSleepSummary = Object.freeze({
    id,
    timezone: plan.calendar.timezone,
    model: 16,
    model_id: watch.model.modelId,
    hash_deviceid: watch.deviceid,
    startdate,
    enddate,
    date: plan.ymd,
    data,
    completed: true,
    created,
    modified: created,
  });
  out.sleep.push({ rec, id, sort: startdate, tie: id, day, created, modified: created });
}

const SPO2_PARAMS = Object.freeze({ "1": 0, "2": 3 });
const HR_PARAMS = Object.freeze({ "1": 0 });

function watchMeasure(
  value: number,
  type: number,
  algo: number,
  params: Readonly<Record<string, number>>,
): StoredMeasure {
  return Object.freeze({
    value,
    type,
    unit: 0,
    algo,
    fm: 131,
    apppfmid: 9,
    appliver: 3411,
    algo_params: params,
  });
}

function device(value: number, type: number, unit: number): StoredMeasure {
  return Object.freeze({ value, type, unit, algo: 0, fm: 3 });
}

function bare(value: number, type: number, unit: number): StoredMeasure {
  return Object.freeze({ value, type, unit });
}

function group(
  grpid: number,
  attrib: number,
  date: number,
  created: number,
  category: number,
  owner: OwnedDevice | null,
  measures: readonly StoredMeasure[],
  timezone?: string,
  inconclusive?: boolean,
): StoredMeasureGroup {
  const id = owner === null ? null : owner.deviceid;
  const modelid = owner === null ? null : owner.model.modelId;
  const model = owner === null ? null : owner.model.name;
  Object.freeze(measures);
  // Three literal shapes (no spreads, see activityDay): plain, ScanWatch with a per-group
  // timezone, ScanWatch SpO2 with is_inconclusive too, as in the real captures.
  if (timezone === undefined) {
    return Object.freeze({
      grpid,
      attrib,
      date,
      created,
      modified: created,
      category,
      deviceid: id,
      hash_deviceid: id,
      measures,
      modelid,
      model,
      comment: null,
    });
  }
  if (inconclusive === undefined) {
    return Object.freeze({
      grpid,
      attrib,
      date,
      created,
      modified: created,
      category,
      deviceid: id,
      hash_deviceid: id,
      measures,
      modelid,
      model,
      comment: null,
      timezone,
    });
  }
  return Object.freeze({
    grpid,
    attrib,
    date,
    created,
    modified: created,
    category,
    deviceid: id,
    hash_deviceid: id,
    measures,
    modelid,
    model,
    comment: null,
    timezone,
    is_inconclusive: inconclusive,
  });
}

function positioned(value: number, type: number, unit: number, position: number): StoredMeasure {
  return Object.freeze({ value, type, unit, algo: BODY_SCAN_ALGO, fm: 3, position });
}

function centi(kg: number): number {
  return Math.round(kg * 100);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
