import { createHash, createHmac } from 'node:crypto';
import type { BureauName } from '../../../src/domain/credit';

/** A consumer as a bureau matches them: the identity every wire format carries in its own shape. */
export interface Subject {
  firstName: string;
  lastName: string;
  /** Nine digits. */
  ssn: string;
  /** ISO date. */
  dateOfBirth: string;
}

export type TradelineKind = 'revolving' | 'installment' | 'mortgage';
export type PaymentStatus = 'current' | '30-days-late' | 'collection';

export interface Tradeline {
  creditor: string;
  kind: TradelineKind;
  openedOn: string;
  balance: number;
  /** The limit of revolving credit, the original amount of a loan. */
  creditLimit: number;
  monthlyPayment: number;
  status: PaymentStatus;
}

export interface Inquiry {
  subscriber: string;
  /** ISO date. */
  date: string;
}

/** A Chapter 7 bankruptcy: the public record that weighs on a mortgage decision. */
export interface PublicRecord {
  type: 'bankruptcy-chapter-7';
  filedOn: string;
}

/** A bureau's file on one consumer, in no vendor's shape: each simulator renders it in its own. */
export interface CreditFile {
  score: number;
  /** FICO reason codes, two digits, most important first. */
  reasonCodes: string[];
  tradelines: Tradeline[];
  inquiries: Inquiry[];
  publicRecords: PublicRecord[];
}

const CREDITORS: readonly { name: string; kind: TradelineKind }[] = [
  { name: 'JPMCB CARD SERVICES', kind: 'revolving' },
  { name: 'CAPITAL ONE BANK USA', kind: 'revolving' },
  { name: 'DISCOVER FINANCIAL', kind: 'revolving' },
  { name: 'SYNCB/AMAZON', kind: 'revolving' },
  { name: 'TOYOTA MOTOR CREDIT', kind: 'installment' },
  { name: 'DEPT OF EDUCATION/NELN', kind: 'installment' },
  { name: 'WELLS FARGO HOME MTG', kind: 'mortgage' },
  { name: 'ROCKET MORTGAGE', kind: 'mortgage' },
];
const INQUIRERS = ['CAPITAL ONE', 'FORD CREDIT', 'CITIBANK', 'AMERICAN EXPRESS', 'ALLY FINANCIAL'];
/** FICO's generic reason codes: balances, account age, delinquency, account mix, recent credit. */
const REASON_CODES = ['01', '05', '10', '12', '14', '18', '32', '38'];
const INQUIRY_REASON = '08';
/** What each earlier hard inquiry at this bureau costs: the harm a duplicate pull does, made visible. */
const POINTS_PER_PRIOR_INQUIRY = 5;

/**
 * The file a bureau holds on a consumer, fixed by the SSN so tests can predict it. The three bureaus
 * share the tradelines (the same creditors report to all) but score slightly apart; hard inquiries made
 * earlier through this simulator appear on the file and cost points.
 */
export function creditFileFor(
  ssn: string,
  bureau: BureauName,
  priorInquiries: readonly Inquiry[] = [],
): CreditFile {
  const consumer = seededRandom(`file:${ssn}`);
  const atBureau = seededRandom(`${bureau}:${ssn}`);

  const tradelines = Array.from({ length: 3 + Math.floor(consumer() * 6) }, () => tradeline(consumer));
  const publicRecords: PublicRecord[] =
    consumer() < 0.08 ? [{ type: 'bankruptcy-chapter-7', filedOn: pastDate(consumer, 2016, 2021) }] : [];
  const inquiries = [
    ...Array.from({ length: Math.floor(atBureau() * 3) }, () => ({
      subscriber: pick(atBureau, INQUIRERS),
      date: pastDate(atBureau, 2024, 2025),
    })),
    ...priorInquiries,
  ];

  const derogatory = tradelines.filter((t) => t.status !== 'current').length;
  const base = 670 + Math.floor(consumer() * 170) - 45 * derogatory - 60 * publicRecords.length;
  const jitter = Math.floor(atBureau() * 25) - 12;
  const score = clamp(base + jitter - POINTS_PER_PRIOR_INQUIRY * priorInquiries.length, 300, 850);

  const reasonCodes = shuffled(consumer, REASON_CODES).slice(0, 4);
  // FICO names inquiries as a fifth reason when they took points off.
  if (inquiries.length >= 2) reasonCodes.push(INQUIRY_REASON);
  return { score, reasonCodes, tradelines, inquiries, publicRecords };
}

/**
 * How the simulators name a borrower in the ledger and control routes: last four digits plus a keyed
 * hash, so tests can tell borrowers apart without a plain SSN in any record.
 */
export function borrowerKeyOf(ssn: string): string {
  const digits = ssn.replace(/\D/g, '');
  const digest = createHmac('sha256', 'inflooens-sim-borrower-key').update(digits).digest('hex');
  return `${digits.slice(-4)}-${digest.slice(0, 12)}`;
}

function tradeline(random: () => number): Tradeline {
  const { name, kind } = pick(random, CREDITORS);
  const creditLimit =
    kind === 'mortgage'
      ? 150_000 + Math.floor(random() * 350_000)
      : kind === 'installment'
        ? 8_000 + Math.floor(random() * 30_000)
        : 1_000 + Math.floor(random() * 15_000);
  const balance = Math.floor(creditLimit * random() * 0.9);
  const monthlyPayment =
    kind === 'revolving' ? Math.max(25, Math.round(balance * 0.02)) : Math.round(creditLimit / 240 + 50);
  const roll = random();
  const status: PaymentStatus = roll < 0.05 ? 'collection' : roll < 0.12 ? '30-days-late' : 'current';
  return {
    creditor: name,
    kind,
    openedOn: pastDate(random, 2008, 2023),
    balance,
    creditLimit,
    monthlyPayment,
    status,
  };
}

/** mulberry32 seeded from a SHA-256 of the key: the same key always yields the same sequence. */
function seededRandom(key: string): () => number {
  let state = createHash('sha256').update(key).digest().readUInt32BE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function pastDate(random: () => number, fromYear: number, toYear: number): string {
  const year = fromYear + Math.floor(random() * (toYear - fromYear + 1));
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
