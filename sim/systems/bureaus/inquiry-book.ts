import type { PullType, BureauName } from '../../../src/domain/credit';
import type { Ledger } from '../../ledger';
import { borrowerKeyOf, creditFileFor } from './credit-file';
import type { CreditFile, Inquiry, Subject } from './credit-file';

export interface ReportedSubject {
  subject: Subject;
  borrowerKey: string;
  file: CreditFile;
}

/** A report as a bureau keeps it: immutable once produced, so a reissue returns exactly what was sold. */
export interface BureauReport {
  reportId: string;
  reference: string;
  pullType: PullType;
  pulledAt: string;
  subjects: ReportedSubject[];
}

interface InquiryTally {
  hard: number;
  soft: number;
  /** Hard inquiries this bureau made, shown on every later report for the consumer. */
  onFile: Inquiry[];
}

/**
 * One bureau's orders in MISMO terms: a Submit records an inquiry per borrower and produces a report under a
 * new identifier — even when the reference was seen before, as the real bureaus do; a Reissue returns a
 * report by its identifier without an inquiry. Every inquiry and reissue goes to the ledger.
 */
export class InquiryBook {
  private readonly reports = new Map<string, BureauReport>();
  private readonly tallies = new Map<string, InquiryTally>();

  constructor(
    private readonly bureau: BureauName,
    private readonly ledger: Ledger,
    private readonly newReportId: () => string,
  ) {}

  submit(order: {
    reference: string;
    pullType: PullType;
    subjects: readonly Subject[];
    subscriber: string;
  }): BureauReport {
    const reportId = this.newReportId();
    const pulledAt = new Date().toISOString();
    const subjects = order.subjects.map((subject) => {
      const borrowerKey = borrowerKeyOf(subject.ssn);
      const tally = this.tallyOf(borrowerKey);
      const file = creditFileFor(subject.ssn, this.bureau, tally.onFile);
      tally[order.pullType] += 1;
      if (order.pullType === 'hard')
        tally.onFile.push({ subscriber: order.subscriber, date: pulledAt.slice(0, 10) });
      this.ledger.record(this.bureau, `bureau.inquiry.${order.pullType}`, borrowerKey, {
        bureau: this.bureau,
        reportId,
        reference: order.reference,
      });
      return { subject, borrowerKey, file };
    });
    const report: BureauReport = {
      reportId,
      reference: order.reference,
      pullType: order.pullType,
      pulledAt,
      subjects,
    };
    this.reports.set(reportId, report);
    return report;
  }

  reissue(reportId: string): BureauReport | undefined {
    const report = this.reports.get(reportId);
    if (report) {
      this.ledger.record(this.bureau, 'bureau.report.reissued', reportId, {
        bureau: this.bureau,
        reportId,
        reference: report.reference,
      });
    }
    return report;
  }

  /** The newest report ordered under a reference: a status look-up, no inquiry and no reissue fee. */
  findByReference(reference: string): BureauReport | undefined {
    return [...this.reports.values()].reverse().find((r) => r.reference === reference);
  }

  inquiryCounts(): { borrowerKey: string; hard: number; soft: number }[] {
    return [...this.tallies].map(([borrowerKey, { hard, soft }]) => ({ borrowerKey, hard, soft }));
  }

  list(): BureauReport[] {
    return [...this.reports.values()];
  }

  reset(): void {
    this.reports.clear();
    this.tallies.clear();
  }

  private tallyOf(borrowerKey: string): InquiryTally {
    let tally = this.tallies.get(borrowerKey);
    if (!tally) {
      tally = { hard: 0, soft: 0, onFile: [] };
      this.tallies.set(borrowerKey, tally);
    }
    return tally;
  }
}
