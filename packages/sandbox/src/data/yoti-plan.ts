import { uuidV4 } from '../ids.js';
import { Rng } from '../prng.js';
import { type Person, person } from './people.js';

/** A captured (uploaded) resource of a planned Yoti session. */
export interface PlannedCapture {
  kind: 'id_document' | 'supplementary_document' | 'liveness' | 'face_capture';
  id: string;
  documentType?: string;
  issuingCountry?: string;
  livenessType?: 'ZOOM' | 'STATIC';
  /** Page media ids, each with its frame media ids. */
  pages: Array<{ media: string; frames: string[]; captureMethod: string }>;
  /** Facemap (ZOOM) or image (STATIC / face capture) media id. */
  mainMedia?: string;
  /** Text-extraction task and its generated JSON media (documents only). */
  task?: { id: string; media: string };
  source: string;
}

/** A planned check. */
export interface PlannedCheck {
  id: string;
  type: string;
  resources: string[];
}

/** Everything about a Yoti session that does not depend on its progress, derived from its seed. */
export interface YotiPlan {
  person: Person;
  token: string;
  keepsTokenAfterCompletion: boolean;
  userTrackingId: string | null;
  applicantProfile: { id: string; media: string } | null;
  captures: PlannedCapture[];
  checks: PlannedCheck[];
  /** Index of the check that fails (REJECT / NOT_AVAILABLE) when the outcome calls for one. */
  failingCheck: number;
  /** Seconds between consecutive captures. */
  captureGaps: number[];
  /** Frame media ids whose content has been purged (204). */
  purged: Set<string>;
}

const ID_DOCS: ReadonlyArray<readonly [string, number]> = [
  ['PASSPORT', 50],
  ['DRIVING_LICENCE', 30],
  ['NATIONAL_ID', 15],
  ['RESIDENCE_PERMIT', 5],
];

/** The structure of a session (what gets captured, and when), cheap to derive from its seed. */
export interface YotiShape {
  applicantProfile: boolean;
  documentTypes: string[];
  supplementary: string | null;
  liveness: 'ZOOM' | 'STATIC' | null;
  faceCapture: boolean;
  /** Seconds between consecutive captures (one per capture). */
  captureGaps: number[];
}

/** Derives a session's shape from its seed (used when generating thousands of sessions). */
export function yotiShape(seed: number): YotiShape {
  const rng = new Rng(seed ^ 0x6a09e667);
  const applicantProfile = rng.chance(0.4);
  const documentTypes = Array.from({ length: rng.chance(0.75) ? 1 : 2 }, () => rng.weighted(ID_DOCS));
  const supplementary = rng.chance(0.3) ? rng.pick(['UTILITY_BILL', 'BANK_STATEMENT', 'COUNCIL_TAX']) : null;
  const liveness = rng.chance(0.7) ? (rng.chance(0.6) ? 'ZOOM' : 'STATIC') : null;
  const faceCapture = rng.chance(0.2);
  const count = documentTypes.length + (supplementary ? 1 : 0) + (liveness ? 1 : 0) + (faceCapture ? 1 : 0);
  return {
    applicantProfile,
    documentTypes,
    supplementary,
    liveness,
    faceCapture,
    captureGaps: Array.from({ length: count }, () => rng.int(30, 300)),
  };
}

const planCache = new Map<number, YotiPlan>();

/** Derives a session's plan from its seed (pure: same seed, same plan; recently used plans are cached). */
export function yotiPlan(seed: number): YotiPlan {
  const cached = planCache.get(seed);
  if (cached) return cached;
  const plan = buildPlan(seed);
  if (planCache.size >= 512) planCache.delete(planCache.keys().next().value as number);
  planCache.set(seed, plan);
  return plan;
}

function buildPlan(seed: number): YotiPlan {
  const shape = yotiShape(seed);
  const rng = new Rng(seed);
  const who = person(rng);
  const token = uuidV4(rng);
  const keepsTokenAfterCompletion = rng.chance(0.6);
  const userTrackingId = rng.chance(0.6) ? `usr_${rng.alnum(12)}` : null;
  const applicantProfile = shape.applicantProfile ? { id: uuidV4(rng), media: uuidV4(rng) } : null;
  const purged = new Set<string>();
  const captures: PlannedCapture[] = [];
  const source = rng.chance(0.2) ? 'IBV' : 'END_USER';
  shape.documentTypes.forEach((documentType, d) => {
    captures.push({
      kind: 'id_document',
      id: uuidV4(rng),
      documentType,
      issuingCountry: d === 0 ? who.nationality : rng.pick(['GBR', 'IRL', 'FRA', 'DEU']),
      pages: pages(rng, documentType === 'PASSPORT' ? 1 : 2, purged),
      task: { id: uuidV4(rng), media: uuidV4(rng) },
      source,
    });
  });
  if (shape.supplementary) {
    captures.push({
      kind: 'supplementary_document',
      id: uuidV4(rng),
      documentType: shape.supplementary,
      issuingCountry: who.nationality,
      pages: pages(rng, 1, purged),
      task: { id: uuidV4(rng), media: uuidV4(rng) },
      source,
    });
  }
  if (shape.liveness) {
    const frames = shape.liveness === 'ZOOM' ? [uuidV4(rng), uuidV4(rng), uuidV4(rng)] : [];
    captures.push({
      kind: 'liveness',
      id: uuidV4(rng),
      livenessType: shape.liveness,
      pages: frames.length > 0 ? [{ media: '', frames, captureMethod: 'CAMERA' }] : [],
      mainMedia: uuidV4(rng),
      source: 'END_USER',
    });
  }
  if (shape.faceCapture) {
    captures.push({
      kind: 'face_capture',
      id: uuidV4(rng),
      pages: [],
      mainMedia: uuidV4(rng),
      source: 'END_USER',
    });
  }
  const checks = planChecks(rng, captures, applicantProfile);
  return {
    person: who,
    token,
    keepsTokenAfterCompletion,
    userTrackingId,
    applicantProfile,
    captures,
    checks,
    failingCheck: rng.int(0, checks.length - 1),
    captureGaps: shape.captureGaps,
    purged,
  };
}

function pages(rng: Rng, count: number, purged: Set<string>): PlannedCapture['pages'] {
  const out: PlannedCapture['pages'] = [];
  for (let p = 0; p < count; p++) {
    const media = uuidV4(rng);
    const frames: string[] = [];
    const frameCount = rng.int(0, 3);
    for (let f = 0; f < frameCount; f++) {
      const id = uuidV4(rng);
      if (rng.chance(0.3)) purged.add(id);
      frames.push(id);
    }
    out.push({ media, frames, captureMethod: rng.chance(0.85) ? 'CAMERA' : 'UPLOAD' });
  }
  return out;
}

function planChecks(
  rng: Rng,
  captures: PlannedCapture[],
  applicantProfile: YotiPlan['applicantProfile'],
): PlannedCheck[] {
  const docs = captures.filter((c) => c.kind === 'id_document');
  const doc0 = (docs[0] as PlannedCapture).id;
  const candidates: Array<[string, string[]]> = [];
  for (const doc of docs) {
    candidates.push(['ID_DOCUMENT_AUTHENTICITY', [doc.id]]);
    candidates.push(['ID_DOCUMENT_TEXT_DATA_CHECK', [doc.id]]);
  }
  const liveness = captures.find((c) => c.kind === 'liveness');
  if (liveness) {
    candidates.push(['LIVENESS', [liveness.id]]);
    candidates.push(['ID_DOCUMENT_FACE_MATCH', [doc0, liveness.id]]);
  }
  const supplementary = captures.find((c) => c.kind === 'supplementary_document');
  if (supplementary) candidates.push(['SUPPLEMENTARY_DOCUMENT_TEXT_DATA_CHECK', [supplementary.id]]);
  if (applicantProfile) candidates.push(['PROFILE_DOCUMENT_MATCH', [doc0, applicantProfile.id]]);
  const face = captures.find((c) => c.kind === 'face_capture');
  if (face) candidates.push(['FACE_COMPARISON', [face.id, doc0]]);
  if (docs.length > 1) candidates.push(['ID_DOCUMENT_COMPARISON', docs.map((d) => d.id)]);
  if (rng.chance(0.3)) candidates.push(['WATCHLIST_SCREENING', [doc0]]);
  if (rng.chance(0.1)) candidates.push(['IBV_VISUAL_REVIEW_CHECK', [doc0]]);
  return candidates.slice(0, 6).map(([type, resources]) => ({ id: uuidV4(rng), type, resources }));
}
